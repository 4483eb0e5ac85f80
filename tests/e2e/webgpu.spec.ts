import { expect, test } from './fixtures';

test.setTimeout(120_000);

test('the trainer runs on WebGPU when the reader forces it, and the loss falls', async ({ page }) => {
  await page.goto('/mnist/');
  expect(await page.evaluate(async () => !!(await (navigator as Navigator & { gpu?: GPU }).gpu?.requestAdapter()))).toBe(true);
  const section = page.locator('section.mnist');
  await section.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island:has(section.mnist)')).not.toHaveAttribute('ssr', { timeout: 15_000 });
  await section.getByLabel('训练轮数', { exact: true }).fill('2');
  await section.getByLabel('训练样本数', { exact: true }).fill('500');
  await section.getByLabel('计算后端').selectOption({ label: 'WebGPU' });
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
  const section = page.locator('section.mnist');
  await section.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island:has(section.mnist)')).not.toHaveAttribute('ssr', { timeout: 15_000 });
  await section.getByLabel('训练轮数', { exact: true }).fill('1');
  await section.getByLabel('训练样本数', { exact: true }).fill('500');
  await section.getByRole('button', { name: '开始训练' }).click();
  await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 60_000 });
  await expect(section.getByTestId('mnist-backend')).toContainText('WebAssembly');
  await expect(section.getByTestId('mnist-backend')).toContainText('软件模拟');
});
