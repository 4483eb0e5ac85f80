import type { Locator } from '@playwright/test';
import recorded from '../../src/data/optimizer-race.json' with { type: 'json' };
import { expect, hydrated, test } from './fixtures';

// Chapter 3's optimizer race (src/islands/OptimizerRace): what a reader does with it, in both languages.

test.setTimeout(120_000);

const pct = (epoch: number, racer: number) => `${(100 * recorded.history[epoch - 1]!.racers[racer]!.testAccuracy).toFixed(2)}%`;
const en = { path: '/en/algorithm/', start: 'Start the race', stop: 'Stop', epochs: 'Epochs', lr: (name: string) => `Learning rate, ${name}`, finished: 'Finished', stopped: 'Stopped' };
const zh = { path: '/algorithm/', start: '开始赛跑', stop: '停止', epochs: '轮数', lr: (name: string) => `${name} 的学习率`, finished: '完成', stopped: '已停止' };
const race = (page: Parameters<typeof hydrated>[0], path: string) => hydrated(page, 'section.race', path);
const cells = (section: Locator, row: string) => section.locator('table.race__table tbody tr', { has: section.page().getByRole('rowheader', { name: row, exact: true }) }).locator('td');

test('without JavaScript the page shows the recorded race’s figures', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(zh.path);
  const table = page.locator('section.race table.race__table');
  await expect(table.locator('caption')).toContainText('记录下来的赛跑');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await expect(cells(page.locator('section.race'), 'Adam')).toContainText([/0.001/, pct(1, 3), pct(2, 3)]);
  await expect(cells(page.locator('section.race'), 'SGD')).toContainText([/0.01/, pct(1, 0), pct(2, 0)]);
  await context.close();
});

for (const [lang, l] of [
  ['en', en],
  ['zh', zh],
] as const) {
  test(`${lang}: a one-epoch race runs all four optimizers on the WebAssembly engine and lands near the recorded race`, async ({ page }) => {
    const section = await race(page, l.path);
    // The recorded curve is drawn before any race.
    await expect(section.locator('.race__chart canvas')).toHaveCount(1);
    await section.getByLabel(l.epochs, { exact: true }).fill('1');
    await section.getByRole('button', { name: l.start }).click();
    await expect(section.getByTestId('race-status')).toContainText(l.finished, { timeout: 60_000 });
    await expect(section.getByTestId('race-engine')).toContainText('WebAssembly');
    const rows = section.locator('table.race__table tbody tr');
    await expect(rows).toHaveCount(4);
    // One epoch column now; each optimizer within a point of the recorded epoch 1 (threads change the last bits of the sums).
    for (const [r, name] of ['SGD', lang === 'en' ? 'SGD + momentum 0.9' : 'SGD + 动量 0.9', 'RMSProp', 'Adam'].entries()) {
      const text = await cells(section, name).nth(1).textContent();
      expect(Math.abs(parseFloat(text!) - 100 * recorded.history[0]!.racers[r]!.testAccuracy), `${name}: ${text}`).toBeLessThan(1);
    }
    await expect(section.locator('table.race__table thead th')).toHaveCount(4);
    await expect(section.locator('.race__chart canvas')).toHaveCount(1);
  });
}

test('a learning rate far too large takes that optimizer out of the race; the others finish', async ({ page }) => {
  const section = await race(page, `${en.path}?race.epochs=1&race.sgd=10`);
  await expect(section.getByLabel(en.lr('SGD'), { exact: true })).toHaveValue('10');
  await section.getByRole('button', { name: en.start }).press('Enter');
  await expect(section.getByTestId('race-status')).toContainText('Finished', { timeout: 60_000 });
  await expect(cells(section, 'SGD').nth(1)).toHaveText(/^diverged \(batch \d+\)$/);
  await expect(cells(section, 'Adam').nth(1)).toHaveText(/^\d\d\.\d\d%$/);
});

test('bad learning rates and epochs get an inline message, Start waits, and the URL keeps the last valid value', async ({ page }) => {
  const section = await race(page, `${en.path}?race.adam=-1&race.rmsprop=0.002`);
  const adam = section.getByLabel(en.lr('Adam'), { exact: true });
  await expect(adam).toHaveValue('-1');
  await expect(adam).toHaveAttribute('aria-invalid', 'true');
  await expect(section.getByRole('alert')).toContainText('greater than 0');
  await expect(section.getByLabel(en.lr('RMSProp'), { exact: true })).toHaveValue('0.002');
  const start = section.getByRole('button', { name: en.start });
  await expect(start).toHaveAttribute('aria-disabled', 'true');
  await adam.fill('0.003');
  await expect(start).not.toHaveAttribute('aria-disabled');
  await section.getByLabel(en.epochs, { exact: true }).fill('1.5');
  await expect(section.getByRole('alert')).toHaveCount(1);
  await expect(start).toHaveAttribute('aria-disabled', 'true');
  await expect.poll(() => page.evaluate(() => Object.fromEntries(new URLSearchParams(location.search)))).toEqual({ 'race.adam': '0.003', 'race.rmsprop': '0.002' });
  // The recorded race stays on the page throughout.
  await expect(cells(section, 'Adam')).toContainText([/0.001/, pct(1, 3)]);
});

test('zh: Stop ends a long race with what it has, and a new race starts afresh', async ({ page }) => {
  const section = await race(page, zh.path);
  await section.getByLabel(zh.epochs, { exact: true }).fill('20');
  await section.getByRole('button', { name: zh.start }).click();
  await expect(section.getByTestId('race-status')).toContainText('赛跑中', { timeout: 30_000 });
  await expect(section.getByLabel(zh.epochs, { exact: true })).toBeDisabled();
  await section.getByRole('button', { name: zh.stop }).click();
  await expect(section.getByTestId('race-status')).toContainText(zh.stopped, { timeout: 30_000 });
  await expect(section.getByLabel(zh.epochs, { exact: true })).toBeEnabled();
  await section.getByLabel(zh.epochs, { exact: true }).fill('1');
  await section.getByRole('button', { name: zh.start }).click();
  await expect(section.getByTestId('race-status')).toContainText(zh.finished, { timeout: 60_000 });
  await expect(section.locator('table.race__table thead th')).toHaveCount(4);
});

test('Pause holds all four racers, Resume goes on from the batch it held at', async ({ page }) => {
  const section = await race(page, `${en.path}?race.epochs=20`);
  const status = section.getByTestId('race-status');
  await section.getByRole('button', { name: en.start }).click();
  await expect(status).toContainText('Racing', { timeout: 30_000 });
  await section.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toContainText('Paused after batch', { timeout: 10_000 });
  const bar = section.getByRole('progressbar', { name: 'Race progress' });
  const held = await bar.getAttribute('value');
  await page.waitForTimeout(2000);
  await expect(bar).toHaveAttribute('value', held!);
  // A paused race has no speed to show.
  await expect(section.getByTestId('race-speed')).toHaveText('');
  await section.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 15_000 }).toBeGreaterThan(Number(held));
  await section.getByRole('button', { name: en.stop }).click();
  await expect(status).toContainText(en.stopped, { timeout: 30_000 });
});
