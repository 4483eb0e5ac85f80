import type { Locator, Page } from '@playwright/test';
import { drawDigit } from './digit-strokes';
import { expect, hydrated, test } from './fixtures';

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

/** Where a canvas's pixels are exactly `css` (a colour as the browser computes it) and opaque: their indices. */
function pixelsOf(canvas: Locator, css: string): Promise<number[]> {
  return canvas.evaluate((c: HTMLCanvasElement, css) => {
    const [r, g, b] = css.match(/\d+/g)!.map(Number);
    // Read from a copy: reading the page's own canvas again and again makes Chromium warn.
    const copy = new OffscreenCanvas(c.width, c.height).getContext('2d', { willReadFrequently: true })!;
    copy.drawImage(c, 0, 0);
    const data = copy.getImageData(0, 0, c.width, c.height).data;
    const at: number[] = [];
    for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) at.push(i / 4);
    return at;
  }, css);
}

/** The share of `before` (pixel indices) that are `css` now. */
async function shareNow(canvas: Locator, before: number[], css: string): Promise<number> {
  const now = new Set(await pixelsOf(canvas, css));
  return before.filter((i) => now.has(i)).length / before.length;
}

/** A CSS colour (a custom property of the theme) as the browser resolves it inside `within` now. */
function resolved(within: Locator, value: string): Promise<string> {
  return within.evaluate((el, value) => {
    const probe = el.appendChild(document.createElement('span'));
    probe.style.color = value;
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  }, value);
}

test('canvas drawings take the new theme’s colours when the reader switches theme', async ({ page }) => {
  await page.goto('/faq/');
  const overfit = await hydrated(page, 'section.overfit');
  // The recorded run's accuracy chart: its grid lines are the theme's --sl-color-gray-5, pixel-exact.
  const chart = overfit.locator('.uplot canvas').first();
  await expect(chart).toBeVisible();
  const grid = await pixelsOf(chart, await resolved(overfit, 'var(--sl-color-gray-5)'));
  expect(grid.length).toBeGreaterThan(100);

  const digit = await hydrated(page, 'section.digit');
  const pad = digit.getByRole('img', { name: '绘图区' });
  await drawDigit(page, pad, 1);
  const lightInk = await pad.evaluate((c) => getComputedStyle(c).color);
  const ink = await pixelsOf(pad, lightInk);
  expect(ink.length).toBeGreaterThan(500);

  await page.getByRole('combobox', { name: '选择主题' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const darkInk = await pad.evaluate((c) => getComputedStyle(c).color);
  expect(darkInk).not.toBe(lightInk);
  // The same pixels, now in the dark theme's colours (where they stayed in the light theme's, the ink
  // was dark on the dark pad, and the grid bright lines).
  const darkGrid = await resolved(overfit, 'var(--sl-color-gray-5)');
  await expect.poll(() => shareNow(chart, grid, darkGrid)).toBeGreaterThan(0.9);
  await expect.poll(() => shareNow(pad, ink, darkInk)).toBeGreaterThan(0.9);
});
