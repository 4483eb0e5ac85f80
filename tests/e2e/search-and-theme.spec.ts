import type { Page } from '@playwright/test';
import { expect, mermaidRendered, test } from './fixtures';

for (const [home, button, query, chapter] of [
  ['/', '搜索', '激活函数', '/math/'],
  ['/en/', 'Search', 'activation function', '/en/math/'],
] as const) {
  test(`searching “${query}” from ${home} finds chapter 4 of that language`, async ({ page }) => {
    await page.goto(home);
    await page.getByRole('button', { name: button }).click();
    await page.getByRole('dialog').getByRole('textbox').fill(query);
    const results = page.locator('.pagefind-ui__result-link');
    await expect(results.first()).toBeVisible({ timeout: 15_000 });
    const hrefs = await results.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.some((href) => href.startsWith(chapter))).toBe(true);
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

/** Text colour and fill of every node of the page's Mermaid diagram. */
async function nodeColours(page: Page) {
  return page.locator('pre.mermaid svg .node').evaluateAll((nodes) =>
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

test('the diagram stays readable in dark mode', async ({ page }) => {
  await page.goto('/concepts/');
  await mermaidRendered(page);
  const light = await nodeColours(page);

  await page.getByRole('combobox', { name: '选择主题' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(async () => (await nodeColours(page))[0]?.fill).not.toBe(light[0]?.fill);
  await mermaidRendered(page);

  const dark = await nodeColours(page);
  expect(dark.length).toBeGreaterThan(0);
  for (const { text, fill } of dark) {
    expect(contrast(text, fill), `${text} on ${fill}`).toBeGreaterThanOrEqual(4.5);
  }
});
