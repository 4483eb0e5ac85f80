import { readFileSync } from 'node:fs';
import { rescaledInputModel } from '../support/onnx-models';
import { drawDigit } from './digit-strokes';
import { expect, hydrated, test } from './fixtures';

const shipped = readFileSync('public/models/mnist-mlp.onnx');

test.describe('a reader’s own model, measured on the test digits', () => {
  test.setTimeout(120_000);

  test('on a slow connection the test digits the measurement reads download under a bar first', async ({ page }) => {
    const section = await hydrated(page, 'section.digit', '/en/faq/');
    // ONNX Runtime first, at full speed (the file's worker then finds it in the cache): the slow part is the digits.
    await drawDigit(page, section.getByRole('img', { name: 'Drawing area' }), 1);
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 1 \(/, { timeout: 30_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 60_000, uploadThroughput: 60_000 });
    await section.getByLabel('Load your own .onnx model').setInputFiles({ name: 'slow-link.onnx', mimeType: 'application/octet-stream', buffer: shipped });
    const bar = section.getByRole('progressbar', { name: /^Downloading the MNIST test digits: \d+\.\d of 0\.\d MB$/ });
    await expect(bar).toBeVisible({ timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(bar).toHaveCount(0, { timeout: 30_000 });
    await expect(section.getByTestId('digit-scaling')).toContainText('Kept [0, 1], the page\'s own', { timeout: 60_000 });
  });

  test('ONNX Runtime downloading in the model’s worker shows a bar and does not count against the model’s 10 s', async ({ page }) => {
    // ORT's binary answers after 11 s, longer than a model gets to open: the download must not be charged to the model.
    await page.route('**/ort-wasm-simd-threaded.wasm', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      await route.continue();
    });
    const section = await hydrated(page, 'section.digit', '/en/faq/');
    await section.getByLabel('Load your own .onnx model').setInputFiles({ name: 'first-thing.onnx', mimeType: 'application/octet-stream', buffer: shipped });
    await expect(section.getByRole('progressbar', { name: /^Downloading ONNX Runtime: \d+\.\d of 13\.\d MB$/ })).toBeVisible({ timeout: 10_000 });
    await expect(section.getByTestId('digit-scaling')).toContainText("Kept [0, 1], the page's own", { timeout: 60_000 });
    await expect(section.getByRole('alert')).toHaveCount(0);
    await expect(section.getByRole('progressbar', { name: /^Downloading ONNX Runtime:/ })).toHaveCount(0);
  });

  test('a model trained on [−1, 1] (the article’s Normalize) is measured, gets that scaling with its reason, and can be overridden', async ({ page }) => {
    const section = await hydrated(page, 'section.digit', '/en/faq/');
    // Progress while it reads 2,000 digits four ways, off the page's thread. It lasts under a second here,
    // short enough for polling to miss: the page records each measuring bar's label as it changes.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { measuringLabels: string[] }).measuringLabels = []);
      new MutationObserver(() => {
        const label = document.querySelector('.digit__measuring label')?.textContent;
        if (label && label !== seen.at(-1)) seen.push(label);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await section.getByLabel('Load your own .onnx model').setInputFiles({ name: 'torch-normalize.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from(rescaledInputModel(shipped, 2, -1)) });
    const why = section.getByTestId('digit-scaling');
    await expect(why).toContainText(/^Chosen: \[−1, 1\], the article's Normalize\(\(0\.5,\), \(0\.5,\)\)\. It read 9\d\.\d\d% of 2,000 test digits against 9\d\.\d\d% in \[0, 1\], a lead McNemar's test puts beyond chance \(χ² = \d+\.\d > 3\.84\)\./, { timeout: 60_000 });
    const labels = await page.evaluate(() => (window as unknown as { measuringLabels: string[] }).measuringLabels);
    expect(labels.length, labels.join(' | ')).toBeGreaterThan(0);
    for (const label of labels) expect(label).toMatch(/^Your model reads 2,000 MNIST test digits in four input scalings: [\d,]+ of 8,000 readings$/);
    const select = section.getByRole('combobox', { name: 'Input scaling' });
    await expect(select).toHaveValue('symmetric');
    await expect(select.locator('option')).toHaveText([/^\[0, 1\].*: 9\d\.\d\d%$/, /^\[−1, 1\].*: 9\d\.\d\d% \(measured best\)$/, /^MNIST mean.*: \d+\.\d\d%$/, /^0–255: \d+\.\d\d%$/]);
    const row = section.getByTestId('digit-compare').getByRole('row', { name: /torch-normalize\.onnx/ });
    const chosenAccuracy = /\[−1, 1\].*: (9\d\.\d\d)%/.exec((await select.locator('option').nth(1).textContent())!)![1]!;
    await expect(row.locator('td').nth(1)).toHaveText(`${chosenAccuracy}% (2,000 test digits)`);

    await drawDigit(page, section.getByRole('img', { name: 'Drawing area' }), 7);
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 7 \(/, { timeout: 30_000 });

    await select.selectOption('unit');
    await expect(why).toContainText('You chose [0, 1], the page\'s own instead.');
    const unitAccuracy = /: (9\d\.\d\d)%/.exec((await select.locator('option').first().textContent())!)![1]!;
    await expect(row.locator('td').nth(1)).toHaveText(`${unitAccuracy}% (2,000 test digits)`);
    expect(Number(unitAccuracy)).toBeLessThan(Number(chosenAccuracy));
    // The drawing is read again in the new scaling.
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a \d \(/, { timeout: 30_000 });
  });

  test('a model trained on [0, 1] keeps [0, 1], saying why (zh)', async ({ page }) => {
    const section = await hydrated(page, 'section.digit', '/faq/');
    await section.getByLabel(/载入你自己的 .onnx 模型/).setInputFiles({ name: 'mine.onnx', mimeType: 'application/octet-stream', buffer: shipped });
    await expect(section.getByTestId('digit-scaling')).toContainText(/^保留 \[0, 1\]（页面本身的像素）：它在 2,000 个测试数字上的准确率为 9\d\.\d\d%，其他缩放都没有显著更高/, { timeout: 60_000 });
    await expect(section.getByRole('combobox', { name: '输入缩放' })).toHaveValue('unit');
    await expect(section.getByTestId('digit-compare').getByRole('row', { name: /mine\.onnx/ }).locator('td').nth(1)).toHaveText(/^9\d\.\d\d%（2,000 个测试数字）$/);
  });
});
