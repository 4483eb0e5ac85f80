import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// Chapter 4 is the longest page: its blocks are laid out lazily (content-visibility), formulas are
// MathML, and the table of contents highlights with src/browser/starlight-toc.ts. These tests check
// that none of that changes what the reader sees or can do.

const headingTop = (page: Page, id: string) => page.evaluate((i) => document.getElementById(i)!.getBoundingClientRect().top, id);

/** The heading comes to rest just under the fixed header (and the mobile contents bar), not elsewhere. */
async function expectLandedOn(page: Page, id: string) {
  await expect.poll(() => headingTop(page, id), { message: `#${id} within 200 px of the top` }).toBeLessThan(200);
  // …and stays there while the blocks above it are laid out late: wait until two more frames have
  // been rendered, each with whatever layout the landing made necessary.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const top = await headingTop(page, id);
  expect(top, `#${id} not hidden under the header`).toBeGreaterThan(0);
  expect(top, `#${id} still within 200 px of the top`).toBeLessThan(200);
}

test('a link to a section deep in the page lands on its heading, though the blocks above were never laid out', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/math/#434-反向传播');
  await expectLandedOn(page, '434-反向传播');
});

test('the desktop table of contents jumps to each section and highlights the one being read', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/math/');
  const toc = page.locator('starlight-toc');
  const current = toc.locator('a[aria-current="true"]');
  await expect(current).toHaveAttribute('href', '#_top');
  // Out of order, so that each jump crosses blocks that were never laid out; the last section is
  // too short to reach the top of the window.
  for (const id of ['434-反向传播', '423-tanh-函数的导数', '45-运行结果展示', '44-代码实例和详细解释', '412-前向传播']) {
    await toc.locator(`a[href="#${id}"]`).click();
    await expect(current).toHaveAttribute('href', `#${id}`);
    await expectLandedOn(page, id);
  }
  // End and Home are for the page: with the clicked link still focused, Chromium may send them to the
  // sidebar (its own scroll container) instead, and the page stays put (seen once in CI).
  await page.evaluate('document.activeElement.blur()');
  await page.keyboard.press('End');
  await expect(current).toHaveAttribute('href', '#45-运行结果展示');
  await page.keyboard.press('Home');
  await expect(current).toHaveAttribute('href', '#_top');
});

test('on a page that fits the window, the table of contents stays on the title until the reader scrolls', async ({ page }) => {
  // Tall enough that the whole of chapter 7 fits: its last section and the footer are on screen at once.
  await page.setViewportSize({ width: 1280, height: 4400 });
  await page.goto('/en/resources/', { waitUntil: 'networkidle' });
  await expect(page.locator('main footer')).toBeInViewport();
  await expect(page.locator('[id="73-recommended-papers"]')).toBeInViewport();
  // The highlighting starts in an idle callback and then follows an IntersectionObserver: once an
  // idle callback queued after it has run and two frames have been rendered (observers report once
  // per frame), it has had its chance to (wrongly) move.
  await page.evaluate(
    () => new Promise((resolve) => requestIdleCallback(() => requestAnimationFrame(() => requestAnimationFrame(resolve)), { timeout: 5000 })),
  );
  await expect(page.locator('starlight-toc a[aria-current="true"]')).toHaveAttribute('href', '#_top');
});

test('the mobile contents bar names the section being read, and a link in it jumps there', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/en/math/');
  const bar = page.locator('mobile-starlight-toc');
  await page.evaluate(() => document.getElementById('413-backpropagation')!.scrollIntoView());
  await expect(bar.locator('.display-current')).toHaveText('4.1.3 Backpropagation');
  await bar.getByText('On this page').click();
  await bar.getByRole('link', { name: '4.3.3 Forward Pass' }).click();
  await expect(bar.locator('details')).not.toHaveAttribute('open');
  await expect(bar.locator('.display-current')).toHaveText('4.3.3 Forward Pass');
  await expectLandedOn(page, '433-forward-pass');
});

test('wide formulas become named, focusable regions once the reader gets near them', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/math/');
  const formulas = page.locator('.math-display');
  const count = await formulas.count();
  expect(count).toBeGreaterThan(20);
  // Scroll through the page as a reader would, then every formula wider than the column is a region
  // (those in closed <details> are not shown, so not measured until opened).
  for (let i = 0; i < count; i += 3) await formulas.nth(i).scrollIntoViewIfNeeded();
  await expect
    .poll(() =>
      page.evaluate(() =>
        [...document.querySelectorAll('.math-display')]
          .filter((f) => f.checkVisibility())
          .filter((f) => (f.scrollWidth > f.clientWidth) !== (f.getAttribute('role') === 'region')).length,
      ),
    )
    .toBe(0);
  const regions = page.locator('.math-display[role="region"]');
  expect(await regions.count()).toBeGreaterThan(0);
  await expect(regions.first()).toHaveAttribute('aria-label', /^公式 \d+（可横向滚动）$/);
  await expect(regions.first()).toHaveAttribute('tabindex', '0');
  // Opening a <details> shows its formulas, and the wide ones become regions too.
  const details = page.locator('.sl-markdown-content > details').filter({ has: page.locator('.math-display') }).first();
  await details.locator('summary').click();
  await expect.poll(() => details.locator('.math-display[role="region"]').count()).toBeGreaterThan(0);
});
