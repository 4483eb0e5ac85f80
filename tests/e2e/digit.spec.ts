import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { inspectOnnx } from '../../src/lib/onnx/inspect';
import { ortDir } from '../../src/lib/onnx/ort-files';
import { drawDigit } from './digit-strokes';
import { expect, hydrated, test } from './fixtures';

/** Open a page (unless `path` is null: stay), scroll to the draw-a-digit demo and wait until it is interactive. */
async function pad(page: Page, path: string | null = '/mnist/') {
  const ortRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/ort\/|\.onnx$/.test(r.url())) ortRequests.push(r.url());
  });
  const section = await hydrated(page, 'section.digit', path ?? undefined);
  return { section, canvas: section.getByRole('img', { name: /绘图区|Drawing area/ }), ortRequests };
}

test.describe('draw-a-digit demo', () => {
  test.setTimeout(90_000);

  test('recognises digits drawn with the mouse, loading ONNX Runtime only on the first stroke', async ({ page }) => {
    const { section, canvas, ortRequests } = await pad(page);
    expect(ortRequests, 'nothing of ORT or the model before the reader draws').toEqual([]);
    for (const digit of [0, 1, 2, 3, 4, 7]) {
      await section.getByRole('button', { name: '清除' }).click();
      await drawDigit(page, canvas, digit);
      await expect(section.getByTestId('digit-prediction'), `digit ${digit}`).toHaveText(new RegExp(`^看起来是 ${digit}（`), { timeout: 30_000 });
    }
    expect(ortRequests.some((u) => u.endsWith(`/${ortDir}ort.wasm.min.mjs`))).toBe(true);
    expect(ortRequests.some((u) => u.endsWith(`/${ortDir}ort-wasm-simd-threaded.wasm`))).toBe(true);
    // The smaller shipped model first: its accuracy is within a tenth of a point of float32's.
    expect(ortRequests.some((u) => u.endsWith('/models/mnist-mlp.int8.onnx'))).toBe(true);
    expect(ortRequests.some((u) => u.endsWith('/models/mnist-mlp.onnx'))).toBe(false);
    await expect(section.getByTestId('digit-provider')).toContainText('WebAssembly');
    await expect(section.getByTestId('digit-latency')).toContainText('毫秒');
    await expect(section.getByTestId('digit-probabilities').locator('li')).toHaveCount(10);
  });

  test('an empty canvas asks for a digit instead of predicting', async ({ page }) => {
    const { section } = await pad(page, '/en/mnist/');
    await section.getByRole('button', { name: 'Recognize' }).click();
    await expect(section.getByTestId('digit-prediction')).toHaveText(/Draw a digit in the box first/);
    await expect(section.getByTestId('digit-probabilities')).not.toContainText('%');
  });

  test('a file that is not a usable model is refused with its reason, and the shipped model keeps working', async ({ page }) => {
    const { section, canvas } = await pad(page, '/en/faq/');
    const upload = section.getByLabel('Load your own .onnx model');
    await upload.setInputFiles({ name: 'notes.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('these are my notes, not a model') });
    await expect(section.getByRole('alert')).toContainText('notes.onnx: this is not an ONNX model, or the file is damaged');
    await expect(section.getByRole('alert')).toContainText('Still using: Shipped, int8');
    await upload.setInputFiles({ name: 'empty.onnx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) });
    await expect(section.getByRole('alert')).toContainText('empty.onnx: the file is empty.');
    await drawDigit(page, canvas, 7);
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 7 \(/, { timeout: 30_000 });
    await expect(section.getByRole('radio', { name: /Shipped, int8/ })).toBeChecked();
  });

  test('the float32 model is selectable and the latency of both is measured on the page', async ({ page }) => {
    const { section, canvas } = await pad(page, '/en/faq/');
    await drawDigit(page, canvas, 1);
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 1 \(/, { timeout: 30_000 });
    await expect(section.getByRole('radio', { name: /Shipped, int8/ })).toBeChecked();
    await section.getByRole('radio', { name: /Shipped, float32/ }).check();
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 1 \(/);
    await section.getByRole('button', { name: 'Measure latency' }).click();
    const rows = section.getByTestId('digit-compare').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0).locator('td').nth(2)).toHaveText(/^\d+\.\d{3} ms$/, { timeout: 30_000 });
    await expect(rows.nth(1).locator('td').nth(2)).toHaveText(/^\d+\.\d{3} ms$/);
  });

  test('a model trained and exported on the page downloads as valid ONNX and drives the demo', async ({ page }) => {
    const trainer = await hydrated(page, 'section.mnist', '/mnist/');
    await trainer.getByLabel('训练轮数', { exact: true }).fill('2');
    await trainer.getByLabel('训练样本数', { exact: true }).fill('3000');
    await trainer.getByLabel('计算后端').selectOption({ label: 'WebAssembly' });
    await trainer.getByRole('button', { name: '开始训练' }).click();
    await expect(trainer.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 60_000 });

    const [download] = await Promise.all([page.waitForEvent('download'), trainer.getByRole('button', { name: '导出 ONNX' }).click()]);
    expect(download.suggestedFilename()).toBe('mnist-mlp-trained.onnx');
    const info = inspectOnnx(readFileSync((await download.path())!));
    expect(info).toMatchObject({ inputName: 'input', outputName: 'probs', layout: 'flat' });

    await trainer.getByRole('button', { name: '在手写数字演示中使用' }).click();
    await expect(trainer.getByTestId('mnist-export-note')).toContainText('已载入');
    const { section, canvas } = await pad(page, null);
    await expect(section.getByRole('radio', { name: '在本页训练的模型' })).toBeChecked();
    await expect(section).toContainText('正在使用你在本页训练的模型');
    await drawDigit(page, canvas, 1);
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^看起来是 1（/, { timeout: 30_000 });
    await section.getByRole('button', { name: '换回随站模型' }).click();
    await expect(section.getByRole('radio', { name: /随站模型，int8/ })).toBeChecked();
  });
});
