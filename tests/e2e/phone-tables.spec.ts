import { expect, publishedPaths, test } from './fixtures';

// Tables on a 390 px phone in Chinese: a heading (or a content table's row label) breaks at a space,
// a punctuation mark or a zero-width space, never between two characters of a word ("输 / 入 / 维 / 度",
// "训练准确 / 率"). src/styles/custom.css and src/islands/shared/islands.css keep them whole.

test('on a phone no Chinese table heading breaks between two of its characters', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 800 });
  const broken: string[] = [];
  const paths = publishedPaths().filter((p) => !p.startsWith('/en/'));
  expect(paths.length).toBeGreaterThan(10);
  let checked = 0;
  for (const path of paths) {
    await page.goto(path);
    // The islands' tables (the digit pad's models, the labs' recorded runs) are there once hydrated.
    await page.waitForLoadState('networkidle');
    const found = await page.evaluate(() => {
      const ideograph = /[\u4e00-\u9fff]/;
      const cells = [...document.querySelectorAll('main th, main .sl-markdown-content td:first-child')];
      const breaks: string[] = [];
      for (const cell of cells) {
        if (!ideograph.test(cell.textContent ?? '')) continue;
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        // Within one text node only: a break at an element's edge (a block line under a label) is no break inside a word.
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent!;
          let top: number | null = null;
          for (let i = 0; i < text.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect) continue;
            if (top !== null && rect.top > top + 4 && ideograph.test(text[i - 1]!) && ideograph.test(text[i]!)) {
              breaks.push(`${text.slice(0, i)} | ${text.slice(i)}`.trim());
            }
            top = rect.top;
          }
        }
      }
      return { breaks, cells: cells.length };
    });
    checked += found.cells;
    broken.push(...found.breaks.map((b) => `${path}: ${b}`));
  }
  expect(checked, 'table cells looked at').toBeGreaterThan(50);
  expect(broken).toEqual([]);
});
