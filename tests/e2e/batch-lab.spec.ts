import recorded from '../../src/data/batch-size-lab.json' with { type: 'json' };
import { labBatchSizes } from '../../src/lib/training/batch-lab';
import { expect, hydrated, test } from './fixtures';

// Chapter 9.1's batch-size lab (src/islands/BatchLab): what a reader does with it, in both languages.

test.setTimeout(120_000);

const rows = (section: ReturnType<import('@playwright/test').Page['locator']>) => section.locator('table.batch__table tbody tr');

test('without JavaScript the page shows the recorded run, with the machine it ran on', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/en/faq/');
  const table = page.locator('section.batch table.batch__table');
  await expect(table.locator('caption')).toContainText(recorded.byTime.machine);
  await expect(rows(page.locator('section.batch'))).toHaveCount(labBatchSizes.length);
  const first = recorded.byTime.results[0]!;
  await expect(rows(page.locator('section.batch')).first()).toContainText(`${(100 * first.testAccuracy).toFixed(2)}%`);
  await context.close();
});

for (const [lang, path, l] of [
  ['en', '/en/faq/', { seconds: 'Seconds of training per batch size', start: 'Run the lab', finished: 'Finished', best: 'best' }],
  ['zh', '/faq/', { seconds: '每种批大小的训练秒数', start: '运行实验', finished: '完成', best: '最高' }],
] as const) {
  test(`${lang}: the lab times all seven batch sizes on this device and marks the best`, async ({ page }) => {
    const section = await hydrated(page, 'section.batch', path);
    await section.getByLabel(l.seconds, { exact: true }).fill('0.5');
    await section.getByRole('button', { name: l.start }).click();
    await expect(section.getByTestId('batch-status')).toContainText(l.finished, { timeout: 60_000 });
    await expect(section.getByTestId('batch-engine')).toContainText('WebAssembly');
    await expect(rows(section)).toHaveCount(labBatchSizes.length);
    await expect(section.locator('caption')).toContainText('0.5');
    // Each row: its batch size, whole steps, digits per second and an accuracy well above guessing.
    for (const [i, size] of labBatchSizes.entries()) {
      const cells = rows(section).nth(i).locator('th, td');
      await expect(cells.first()).toHaveText(String(size));
      const accuracy = parseFloat((await cells.last().textContent())!);
      expect(accuracy, `batch ${size}`).toBeGreaterThan(40);
    }
    await expect(section.locator('tr.batch__best')).toHaveCount(1);
    await expect(section.locator('tr.batch__best')).toContainText(l.best);
    await expect(section.getByRole('progressbar', { name: lang === 'en' ? 'Lab progress' : '实验进度' })).toHaveAttribute('value', String(labBatchSizes.length));
  });
}

test('a bad budget gets an inline message and the lab waits; a link sets the budget', async ({ page }) => {
  const section = await hydrated(page, 'section.batch', '/en/faq/?batch.seconds=100');
  const field = section.getByLabel('Seconds of training per batch size', { exact: true });
  await expect(field).toHaveValue('100');
  await expect(section.getByRole('alert')).toContainText('at most 30');
  const start = section.getByRole('button', { name: 'Run the lab' });
  await expect(start).toHaveAttribute('aria-disabled', 'true');
  await field.fill('1');
  await expect(start).not.toHaveAttribute('aria-disabled');
  await expect.poll(() => page.evaluate(() => location.search)).toBe('?batch.seconds=1');
  // The recorded table stays while nothing has run.
  await expect(rows(section)).toHaveCount(labBatchSizes.length);
});

test('Stop ends the lab after the size under way, with the sizes done', async ({ page }) => {
  const section = await hydrated(page, 'section.batch', '/faq/?batch.seconds=5');
  await section.getByRole('button', { name: '运行实验' }).click();
  await expect(section.getByTestId('batch-status')).toContainText('正在以批大小', { timeout: 30_000 });
  await section.getByRole('button', { name: '停止' }).click();
  await expect(section.getByTestId('batch-status')).toContainText('已停止', { timeout: 30_000 });
  expect(await rows(section).count()).toBeLessThan(labBatchSizes.length);
});

test('Pause holds the lab and its clock, Resume goes on from there (by keyboard)', async ({ page }) => {
  const section = await hydrated(page, 'section.batch', '/en/faq/?batch.seconds=3');
  const status = section.getByTestId('batch-status');
  await section.getByRole('button', { name: 'Run the lab' }).press('Enter');
  await expect(status).toContainText('Training at batch size 10', { timeout: 30_000 });
  await section.getByRole('button', { name: 'Pause' }).press('Enter');
  await expect(status).toContainText('Paused at batch size 10 (1 of 7)', { timeout: 10_000 });
  const bar = section.getByRole('progressbar', { name: 'Lab progress' });
  const held = await bar.getAttribute('value');
  // Longer than the size's whole budget: a clock that ran on would have moved to the next size.
  await page.waitForTimeout(3500);
  await expect(bar).toHaveAttribute('value', held!);
  await expect(status).toContainText('Paused');
  await expect(section.getByLabel('Seconds of training per batch size', { exact: true })).toBeDisabled();
  await section.getByRole('button', { name: 'Resume' }).press('Enter');
  // Still the first size: it has most of its three seconds left (a clock that ran on would have ended it).
  await page.waitForTimeout(500);
  await expect(status).toContainText('Training at batch size 10 (1 of 7)');
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 15_000 }).toBeGreaterThan(Number(held));
  await section.getByRole('button', { name: 'Stop' }).press('Enter');
  await expect(status).toContainText('Stopped', { timeout: 30_000 });
});
