import { expect, hydrated, test } from './fixtures';

test.setTimeout(120_000);

// The guide's own WebGPU engine and TensorFlow.js's WebGPU backend, each on the adapter headless
// Chromium offers (SwiftShader without a GPU: the code paths, not GPU speed).
const webgpuEngines = [
  { id: 'webgpu', label: 'WebGPU' },
  { id: 'tfjs-webgpu', label: 'TensorFlow.js, WebGPU' },
] as const;

for (const { label } of webgpuEngines) {
  test(`the trainer runs on ${label} when the reader forces it, and the loss falls`, async ({ page }) => {
    await page.goto('/mnist/');
    expect(await page.evaluate(async () => !!(await (navigator as Navigator & { gpu?: GPU }).gpu?.requestAdapter()))).toBe(true);
    const section = await hydrated(page, 'section.mnist');
    await section.getByLabel('训练轮数', { exact: true }).fill('2');
    await section.getByLabel('训练样本数', { exact: true }).fill('500');
    await section.getByLabel('计算后端').selectOption({ label });
    await section.getByRole('button', { name: '开始训练' }).click();
    await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 90_000 });
    await expect(section.getByTestId('mnist-backend')).toContainText(`正在用 ${label} 训练：这是你选择的后端`);
    const losses = (await section.locator('[data-testid="mnist-history"] tbody tr td:nth-child(2)').allTextContents()).map(Number);
    expect(losses).toHaveLength(2);
    expect(losses[1]).toBeLessThan(losses[0]!);
  });
}

test('automatic choice times the WebGPU engine on the emulated adapter beside WebAssembly and trains on the faster', async ({ page }) => {
  await page.goto('/mnist/');
  const section = await hydrated(page, 'section.mnist');
  await section.getByLabel('训练轮数', { exact: true }).fill('1');
  await section.getByLabel('训练样本数', { exact: true }).fill('500');
  await section.getByRole('button', { name: '开始训练' }).click();
  await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 60_000 });
  const line = (await section.getByTestId('mnist-backend').textContent())!;
  const speed = (name: string) => Number(new RegExp(`(?:：|, )${name} ([\\d,]+) 样本/秒`).exec(line)?.[1]?.replaceAll(',', '') ?? NaN);
  const timed = { WebAssembly: speed('WebAssembly'), WebGPU: speed('WebGPU') };
  expect(timed.WebAssembly, line).toBeGreaterThan(0);
  expect(timed.WebGPU, line).toBeGreaterThan(0);
  // TensorFlow.js is never timed on an emulated GPU: it cannot win there.
  expect(line).not.toContain('TensorFlow.js, WebGPU');
  const faster = timed.WebAssembly >= timed.WebGPU ? 'WebAssembly' : 'WebGPU';
  expect(line).toContain(`正在用 ${faster} 训练：在这里计时的引擎中它最快。`);
});

for (const { id, label } of webgpuEngines) {
  test(`losing the WebGPU device mid-training on ${label} falls back to the next backend and keeps the epochs trained so far`, async ({ page }) => {
    await page.goto('/mnist/');
    const section = await hydrated(page, 'section.mnist');
    await section.getByLabel('训练轮数', { exact: true }).fill('3');
    await section.getByLabel('训练样本数', { exact: true }).fill('500');
    await section.getByLabel('计算后端').selectOption({ label });
    await section.getByRole('button', { name: '开始训练' }).click();
    const rows = section.locator('[data-testid="mnist-history"] tbody tr');
    await expect(rows).toHaveCount(1, { timeout: 90_000 });
    const firstEpoch = await rows.first().textContent();

    // Destroy the GPU device the worker's engine uses, the next time it records GPU work.
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
    expect(await rows.first().textContent(), `epoch 1 (trained on ${id}) is kept`).toBe(firstEpoch);
    await expect(rows.first().locator('td').last()).toHaveText(label);
    await expect(rows.last().locator('td').last()).not.toHaveText(label);
    // The line under the controls names the engine now in use and why: the one chosen first failed.
    await expect(section.getByTestId('mnist-backend')).toContainText(`${label} 出错，训练改在这里继续`);
  });
}
