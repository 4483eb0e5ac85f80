import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

for (const [home, button, query, chapter] of [
  ['/', '搜索', '激活函数', '/math/'],
  ['/en/', 'Search', 'activation function', '/en/math/'],
] as const) {
  test(`searching “${query}” from ${home} finds chapter 4 of that language`, async ({ page }) => {
    await page.goto(home);
    await page.getByRole('button', { name: button }).click();
    await page.getByRole('dialog').getByRole('textbox').fill(query);
    const results = page.locator('.pagefind-ui__result-link');
    // Pagefind draws each result when its fragment has loaded, not all at once: wait for the chapter's.
    await expect
      .poll(() => results.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '')), { timeout: 15_000 })
      .toContainEqual(expect.stringMatching(new RegExp(`^${chapter}`)));
  });
}

/** WCAG contrast ratio of two CSS colours as the browser computed them. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Text colour and fill of every node of the page's diagram in the given theme. */
async function nodeColours(page: Page, theme: 'light' | 'dark') {
  await expect(page.locator(`.diagram__${theme} svg`)).toBeVisible();
  return page.locator(`.diagram__${theme} svg .node`).evaluateAll((nodes) =>
    nodes.map((node) => {
      const shape = node.querySelector('rect, polygon, circle, path')!;
      const label = node.querySelector('.nodeLabel, span, text') ?? node;
      const style = getComputedStyle(label);
      return {
        text: label.tagName.toLowerCase() === 'text' ? style.fill : style.color,
        fill: getComputedStyle(shape).fill,
      };
    }),
  );
}

test('the diagram switches with the theme and stays readable in dark mode', async ({ page }) => {
  await page.goto('/concepts/');
  const light = await nodeColours(page, 'light');
  for (const { text, fill } of light) expect(contrast(text, fill), `light: ${text} on ${fill}`).toBeGreaterThanOrEqual(4.5);

  await page.getByRole('combobox', { name: '选择主题' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.diagram__light svg')).toBeHidden();
  const dark = await nodeColours(page, 'dark');
  expect(dark.length).toBe(light.length);
  expect(dark[0]?.fill).not.toBe(light[0]?.fill);
  for (const { text, fill } of dark) expect(contrast(text, fill), `dark: ${text} on ${fill}`).toBeGreaterThanOrEqual(4.5);
});
