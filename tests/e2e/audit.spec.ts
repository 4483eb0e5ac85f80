import AxeBuilder from '@axe-core/playwright';
import { demoChapters, jsBudget, measurePageWeight } from '../support/page-weight';
import { scrollThrough } from '../support/scroll-through';
import { expect, publishedPaths, test } from './fixtures';

const pages = [...publishedPaths(), '/404.html'];

test.describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`every page in ${theme} mode has no violations`, async ({ browser, baseURL }) => {
      test.setTimeout(180_000);
      const context = await browser.newContext({ baseURL, colorScheme: theme });
      const page = await context.newPage();
      const found: string[] = [];
      for (const path of pages) {
        await page.goto(path, { waitUntil: 'networkidle' });
        // Wide formulas and listings become focusable as they come near the viewport
        // (src/browser/scroll-regions.js): scroll through the page as a reader would first.
        await scrollThrough(page);
        await expect
          .poll(() =>
            page.evaluate(
              () =>
                [...document.querySelectorAll('.math-display, .expressive-code pre')].filter(
                  (box) => box.checkVisibility() && box.scrollWidth > box.clientWidth && !box.hasAttribute('tabindex'),
                ).length,
            ),
          )
          .toBe(0);
        const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
        for (const v of violations) found.push(`${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
      }
      await context.close();
      expect(found).toEqual([]);
    });
  }
});

test.describe('page weight', () => {
  test('chapters stay light, and nothing heavy loads before the reader starts a demo', async ({ browser, baseURL }) => {
    test.setTimeout(180_000);
    const over: string[] = [];
    for (const path of pages) {
      const { onLoad, afterScroll } = await measurePageWeight(browser, new URL(path, baseURL).href);
      const budget = demoChapters.test(path) ? jsBudget.demoChapter : jsBudget.chapter;
      if (afterScroll.jsBytes > budget) over.push(`${path}: ${(afterScroll.jsBytes / 1024).toFixed(1)} KB of JavaScript > ${budget / 1024} KB`);
      for (const url of afterScroll.heavy) over.push(`${path}: loaded ${url} before any demo started`);
      expect(onLoad.jsBytes, `${path}: scripts counted`).toBeGreaterThan(0);
      expect(onLoad.jsBytes).toBeLessThanOrEqual(afterScroll.jsBytes);
    }
    expect(over).toEqual([]);
  });
});
