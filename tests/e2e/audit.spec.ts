import AxeBuilder from '@axe-core/playwright';
import { demoChapters, jsBudget, measurePageWeight } from '../support/page-weight';
import { scrollThrough } from '../support/scroll-through';
import { expect, publishedPaths, test } from './fixtures';

const pages = [...publishedPaths(), '/404.html'];

// One test per page and theme: a single test over every page ran close to its time limit on a slower
// machine, and a failure now names the page.
for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility (axe-core, WCAG 2.1 A and AA), ${theme} mode`, () => {
    for (const path of pages) {
      test(`${path} has no violations`, async ({ browser, baseURL }) => {
        // The math chapters' MathML takes axe tens of seconds on its own.
        test.setTimeout(120_000);
        const context = await browser.newContext({ baseURL, colorScheme: theme });
        const page = await context.newPage();
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
        await context.close();
        expect(violations.map((v) => `${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`)).toEqual([]);
      });
    }
  });
}

test.describe('page weight: chapters stay light, and nothing heavy loads before the reader starts a demo', () => {
  for (const path of pages) {
    test(path, async ({ browser, baseURL }) => {
      const { onLoad, afterScroll } = await measurePageWeight(browser, new URL(path, baseURL).href);
      const budget = demoChapters.test(path) ? jsBudget.demoChapter : jsBudget.chapter;
      expect(onLoad.jsBytes, 'scripts counted').toBeGreaterThan(0);
      expect(onLoad.jsBytes).toBeLessThanOrEqual(afterScroll.jsBytes);
      expect(afterScroll.jsBytes, `KB of JavaScript, budget ${budget / 1024} KB`).toBeLessThanOrEqual(budget);
      expect(afterScroll.heavy, 'heavy assets loaded before any demo started').toEqual([]);
    });
  }
});
