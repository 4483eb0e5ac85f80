import type { Page } from '@playwright/test';
import { sigmoid } from '../../src/lib/nn/activations';
import { backward, forward, gradientStep, workedExample } from '../../src/lib/nn/network';
import { expect, hydrated, test } from './fixtures';

/** Scroll an island into view (they hydrate when visible) and wait until it is interactive. */
async function island(page: Page, name: 'explorer' | 'stepper' | 'trainer') {
  return hydrated(page, `section.${name}`);
}

test.describe('chapter 4 islands', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/math/');
  });

  test('the islands render their content into the static HTML before any script runs', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/math/');
    await expect(page.locator('section.explorer svg path.curve--f')).toHaveCount(3);
    await expect(page.locator('section.stepper [data-testid="loss"]')).toHaveText(
      forward(workedExample.params, workedExample.x, workedExample.t).loss.toFixed(6),
    );
    await context.close();
  });

  test('the activation explorer draws, reads out values and overlays the article’s tanh′', async ({ page }) => {
    const explorer = await island(page, 'explorer');
    await expect(explorer.locator('path.curve--f')).toHaveCount(3);
    await expect(explorer.locator('path.curve--df')).toHaveCount(3);
    await expect(explorer.locator('tr[data-fn="sigmoid"] td').first()).toHaveText(sigmoid(1).toFixed(4));

    const overlay = explorer.getByLabel('叠加原文的 tanh′ 公式');
    await overlay.check();
    await expect(explorer.locator('path.curve--article')).toHaveCount(1);
    await expect(explorer.locator('tr[data-fn="article-tanh"] td').last()).toHaveText('0.2658');
    await overlay.uncheck();
    await expect(explorer.locator('path.curve--article')).toHaveCount(0);

    const probe = explorer.getByRole('slider');
    await probe.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    const x = Number(await probe.inputValue());
    expect(x).toBeCloseTo(0.9, 6);
    await expect(explorer.locator('tr[data-fn="sigmoid"] td').first()).toHaveText(sigmoid(x).toFixed(4));
  });

  test('the explorer keeps its last valid range when a bound is not a number or out of order', async ({ page }) => {
    const explorer = await island(page, 'explorer');
    const before = await explorer.locator('path.curve--f').first().getAttribute('d');
    await explorer.getByLabel('x 的最小值').fill('abc');
    await expect(explorer.getByText('这不是一个数')).toBeVisible();
    await expect(explorer.locator('path.curve--f').first()).toHaveAttribute('d', before!);
    await explorer.getByLabel('x 的最小值').fill('8');
    await expect(explorer.getByText('最小值必须小于最大值')).toBeVisible();
    await expect(explorer.locator('path.curve--f').first()).toHaveAttribute('d', before!);
    await explorer.getByLabel('x 的最小值').fill('-2');
    await expect(explorer.getByRole('alert')).toHaveCount(0);
    await expect(explorer.locator('path.curve--f').first()).not.toHaveAttribute('d', before!);
  });

  test('editing a weight updates the activations to what src/lib computes', async ({ page }) => {
    const stepper = await island(page, 'stepper');
    await stepper.getByLabel('W¹₁₁', { exact: true }).fill('0.5');
    const params = structuredClone(workedExample.params);
    params.W1[0]![0] = 0.5;
    const expected = forward(params, workedExample.x, workedExample.t);
    await expect(stepper.locator('tr[data-neuron="h1"] td').nth(1)).toHaveText(expected.h[0]!.toFixed(6));
    await expect(stepper.locator('tr[data-neuron="y1"] td').nth(1)).toHaveText(expected.y[0]!.toFixed(6));
    await expect(stepper.getByTestId('loss')).toHaveText(expected.loss.toFixed(6));
  });

  test('one gradient step lowers the loss by exactly what src/lib computes; reset restores it', async ({ page }) => {
    const stepper = await island(page, 'stepper');
    const { params, x, t, learningRate } = workedExample;
    const before = forward(params, x, t);
    const after = forward(gradientStep(params, backward(params, before), learningRate), x, t);
    await stepper.getByRole('button', { name: '梯度下降一步' }).click();
    await expect(stepper.getByTestId('step-result')).toContainText(`${before.loss.toFixed(6)} 降到 ${after.loss.toFixed(6)}`);
    await expect(stepper.getByTestId('loss')).toHaveText(after.loss.toFixed(6));
    expect(after.loss).toBeLessThan(before.loss);
    await stepper.getByRole('button', { name: '恢复初始值' }).click();
    await expect(stepper.getByTestId('loss')).toHaveText(before.loss.toFixed(6));
    await expect(stepper.getByLabel('W¹₁₁', { exact: true })).toHaveValue('1');
  });

  for (const [label, text, message] of [
    ['x₁', '', '请输入一个数'],
    ['x₁', 'NaN', '这不是一个数'],
    ['W²₁₂', 'Infinity', '有限的数'],
    ['b¹₁', '1e400', '有限的数'],
    ['t₁', '5000', '不能大于 1000'],
    ['学习率 α', '0', '必须大于 0'],
    ['学习率 α', '-1', '必须大于 0'],
  ] as const) {
    test(`the stepper refuses ${label} = ${JSON.stringify(text)} inline and keeps the last valid state`, async ({ page }) => {
      const stepper = await island(page, 'stepper');
      const loss = await stepper.getByTestId('loss').textContent();
      const field = stepper.getByLabel(label, { exact: true });
      await field.fill(text);
      await expect(stepper.getByRole('alert')).toContainText(message);
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(stepper.getByTestId('loss')).toHaveText(loss!);
    });
  }

  test('the toy trainer trains in a worker, plots the loss and predicts the targets', async ({ page }) => {
    const trainer = await island(page, 'trainer');
    await trainer.getByRole('button', { name: '开始训练' }).click();
    await expect(trainer.getByTestId('trainer-status')).toContainText('训练中');
    // While the worker trains, the page answers input at once.
    const lag = await page.evaluate(
      () => new Promise<number>((resolve) => {
        const start = performance.now();
        setTimeout(() => resolve(performance.now() - start), 0);
      }),
    );
    expect(lag).toBeLessThan(100);
    await expect(trainer.getByTestId('trainer-status')).toContainText('完成 1000 轮', { timeout: 20_000 });
    await expect(trainer.locator('.trainer__chart canvas')).toHaveCount(1);
    await expect(trainer.locator('tr[data-row="train"] td').first()).toHaveText('[0.500000, 0.600000]');
  });

  test('stop ends a long training run early', async ({ page }) => {
    const trainer = await island(page, 'trainer');
    await trainer.getByLabel('训练轮数', { exact: true }).fill('100000');
    await trainer.getByRole('button', { name: '开始训练' }).click();
    await expect(trainer.getByTestId('trainer-status')).toContainText('训练中');
    await trainer.getByRole('button', { name: '停止' }).click();
    await expect(trainer.getByTestId('trainer-status')).toContainText('已在第');
    const stoppedAt = Number((await trainer.getByTestId('trainer-status').textContent())!.match(/第 (\d+) 轮/)![1]);
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(100_000);
  });

  test('the trainer refuses bad settings inline and cannot start with them', async ({ page }) => {
    const trainer = await island(page, 'trainer');
    await trainer.getByLabel('学习率', { exact: true }).fill('0');
    await expect(trainer.getByRole('alert')).toContainText('必须大于 0');
    await expect(trainer.getByRole('button', { name: '开始训练' })).toBeDisabled();
    await trainer.getByLabel('学习率', { exact: true }).fill('0.1');
    await trainer.getByLabel('训练轮数', { exact: true }).fill('2.5');
    await expect(trainer.getByRole('alert')).toContainText('请输入整数');
    await trainer.getByLabel('训练轮数', { exact: true }).fill('200001');
    await expect(trainer.getByRole('alert')).toContainText('不能大于 100000');
    await expect(trainer.getByRole('button', { name: '开始训练' })).toBeDisabled();
  });
});
