import recorded from '../../src/data/overfitting-lab.json' with { type: 'json' };
import { expect, hydrated, test } from './fixtures';

// Section 9.3's overfitting lab (src/islands/OverfitLab): what a reader does with it, in both languages.

test.setTimeout(120_000);

const all = recorded.runs.find((r) => r.name === 'all three')!;
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

test('without JavaScript the page shows the recorded run’s summary', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/en/faq/');
  const rows = page.locator('section.overfit table.overfit__table tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(pct(recorded.plain.at(-1)!.test.accuracy));
  await expect(rows.nth(1)).toContainText(pct(all.history[all.summary.bestEpoch - 1]!.test.accuracy));
  await expect(rows.nth(1)).toContainText(`epoch ${all.summary.bestEpoch}, kept by early stopping (stopped at ${all.summary.stoppedAt})`);
  await context.close();
});

for (const [lang, path, l] of [
  ['en', '/en/faq/', { epochs: 'Epochs', l2: 'Weight decay λ', dropout: 'Dropout p', patience: 'Early stopping: patience (epochs)', start: 'Run the lab', finished: 'Finished 8 epochs.', live: 'This run' }],
  ['zh', '/faq/', { epochs: '轮数', l2: '权重衰减 λ', dropout: 'Dropout 概率 p', patience: '早停：耐心（轮）', start: '运行实验', finished: '完成：共 8 轮。', live: '本次运行' }],
] as const) {
  test(`${lang}: a short run trains both nets on the WebAssembly engine and charts them`, async ({ page }) => {
    const section = await hydrated(page, 'section.overfit', path);
    // The recorded run is drawn before any run.
    await expect(section.locator('canvas')).toHaveCount(2);
    await section.getByLabel(l.epochs, { exact: true }).fill('8');
    await section.getByLabel(l.patience, { exact: true }).fill('0');
    await section.getByRole('button', { name: l.start }).click();
    await expect(section.getByTestId('overfit-status')).toHaveText(l.finished, { timeout: 60_000 });
    await expect(section.getByTestId('overfit-engine')).toContainText('WebAssembly');
    await expect(section.locator('caption')).toHaveText(l.live);
    const rows = section.locator('table.overfit__table tbody tr');
    await expect(rows).toHaveCount(2);
    for (const i of [0, 1]) {
      const cells = rows.nth(i).locator('td');
      const trainAcc = parseFloat((await cells.nth(0).textContent())!);
      const testAcc = parseFloat((await cells.nth(1).textContent())!);
      expect(trainAcc).toBeGreaterThan(testAcc);
      expect(testAcc).toBeGreaterThan(50);
    }
    await expect(section.getByRole('progressbar', { name: lang === 'en' ? 'Lab progress' : '实验进度' })).toHaveAttribute('value', '8');
  });
}

test('bad values get inline messages and keep the lab waiting; a link sets the remedies', async ({ page }) => {
  const section = await hydrated(page, 'section.overfit', '/en/faq/?overfit.dropout=0.95&overfit.l2=0.01');
  await expect(section.getByLabel('Dropout p', { exact: true })).toHaveValue('0.95');
  await expect(section.getByRole('alert')).toContainText('at most 0.9');
  await expect(section.getByLabel('Weight decay λ', { exact: true })).toHaveValue('0.01');
  const start = section.getByRole('button', { name: 'Run the lab' });
  await expect(start).toHaveAttribute('aria-disabled', 'true');
  await section.getByLabel('Training digits', { exact: true }).fill('9500');
  await expect(section.getByRole('alert')).toHaveCount(2);
  await section.getByLabel('Dropout p', { exact: true }).fill('0.2');
  await section.getByLabel('Training digits', { exact: true }).fill('800');
  await expect(start).not.toHaveAttribute('aria-disabled');
  await expect.poll(() => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)))).toEqual({ 'overfit.dropout': '0.2', 'overfit.l2': '0.01', 'overfit.count': '800' });
});

test('zh: Pause holds both runs mid-epoch, Resume goes on, Stop keeps the epochs done', async ({ page }) => {
  const section = await hydrated(page, 'section.overfit', '/faq/?overfit.epochs=100');
  const status = section.getByTestId('overfit-status');
  await section.getByRole('button', { name: '运行实验' }).click();
  await expect(status).toContainText('不加措施时', { timeout: 30_000 });
  await section.getByRole('button', { name: '暂停' }).click();
  await expect(status).toContainText('已暂停', { timeout: 10_000 });
  const bar = section.getByRole('progressbar', { name: '实验进度' });
  const held = await bar.getAttribute('value');
  await page.waitForTimeout(2000);
  await expect(bar).toHaveAttribute('value', held!);
  await section.getByRole('button', { name: '继续' }).click();
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 15_000 }).toBeGreaterThan(Number(held));
  await expect(status).toContainText('不加措施时');
  await section.getByRole('button', { name: '停止' }).click();
  await expect(status).toContainText('已停止', { timeout: 30_000 });
});
