import { expect, hydrated, test } from './fixtures';

test.setTimeout(120_000);

test('the trainer runs on WebGPU when the reader forces it, and the loss falls', async ({ page }) => {
  await page.goto('/mnist/');
  expect(await page.evaluate(async () => !!(await (navigator as Navigator & { gpu?: GPU }).gpu?.requestAdapter()))).toBe(true);
  const section = await hydrated(page, 'section.mnist');
  await section.getByLabel('训练轮数', { exact: true }).fill('2');
  await section.getByLabel('训练样本数', { exact: true }).fill('500');
  await section.getByLabel('计算后端').selectOption({ label: 'TensorFlow.js, WebGPU' });
  await section.getByRole('button', { name: '开始训练' }).click();
  await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 90_000 });
  await expect(section.getByTestId('mnist-backend')).toContainText('WebGPU');
  await expect(section.getByTestId('mnist-backend')).toContainText('这是你选择的后端');
  const losses = (await section.locator('[data-testid="mnist-history"] tbody tr td:nth-child(2)').allTextContents()).map(Number);
  expect(losses).toHaveLength(2);
  expect(losses[1]).toBeLessThan(losses[0]!);
});

test('automatic choice skips the emulated WebGPU adapter', async ({ page }) => {
  await page.goto('/mnist/');
  const section = await hydrated(page, 'section.mnist');
  await section.getByLabel('训练轮数', { exact: true }).fill('1');
  await section.getByLabel('训练样本数', { exact: true }).fill('500');
  await section.getByRole('button', { name: '开始训练' }).click();
  await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 60_000 });
  await expect(section.getByTestId('mnist-backend')).toContainText('WebAssembly');
  await expect(section.getByTestId('mnist-backend')).toContainText('软件模拟');
});

test('losing the WebGPU device mid-training falls back to the next backend and keeps the epochs trained so far', async ({ page }) => {
  await page.goto('/mnist/');
  const section = await hydrated(page, 'section.mnist');
  await section.getByLabel('训练轮数', { exact: true }).fill('3');
  await section.getByLabel('训练样本数', { exact: true }).fill('500');
  await section.getByLabel('计算后端').selectOption({ label: 'TensorFlow.js, WebGPU' });
  await section.getByRole('button', { name: '开始训练' }).click();
  const rows = section.locator('[data-testid="mnist-history"] tbody tr');
  await expect(rows).toHaveCount(1, { timeout: 90_000 });
  const firstEpoch = await rows.first().textContent();

  // Destroy the GPU device the worker's TensorFlow.js uses, the next time it records GPU work.
  const worker = page.workers().find((w) => w.url().includes('mnist-trainer.worker'))!;
  await worker.evaluate(() => {
    const proto = GPUDevice.prototype;
    const original = proto.createCommandEncoder;
    proto.createCommandEncoder = function (this: GPUDevice, ...args: Parameters<GPUDevice['createCommandEncoder']>) {
      proto.createCommandEncoder = original;
      this.destroy();
      return original.apply(this, args);
    };
  });

  await expect(section.getByRole('alert')).toContainText('WebGPU', { timeout: 60_000 });
  await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 90_000 });
  await expect(rows).toHaveCount(3);
  expect(await rows.first().textContent(), 'epoch 1 (trained on WebGPU) is kept').toBe(firstEpoch);
  await expect(rows.first().locator('td').last()).toHaveText('TensorFlow.js, WebGPU');
  await expect(rows.last().locator('td').last()).not.toHaveText('TensorFlow.js, WebGPU');
  // The line under the controls names the engine now in use and why: the one chosen first failed.
  await expect(section.getByTestId('mnist-backend')).toContainText('TensorFlow.js, WebGPU 出错，训练改在这里继续');
});
