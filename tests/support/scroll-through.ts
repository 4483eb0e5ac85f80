import type { Page } from '@playwright/test';

/**
 * Scrolls the page to its end in half-screen steps, as a reader skimming it would, letting the
 * browser render each step: islands hydrate when visible, chapter blocks are laid out lazily
 * (content-visibility), and wide formulas and listings become focusable regions as they come near.
 */
export async function scrollThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
  });
}
