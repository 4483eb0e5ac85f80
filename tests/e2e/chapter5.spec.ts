import type { Page } from '@playwright/test';
import card from '../../public/models/mnist-mlp.card.json' with { type: 'json' };
import { expect, hydrated, test } from './fixtures';

/** Open chapter 5, scroll to the trainer (it hydrates when visible) and fill its settings. */
async function trainer(page: Page, settings: { epochs?: string; count?: string; backend?: string } = {}) {
  const section = await hydrated(page, 'section.mnist', '/mnist/');
  if (settings.epochs) await section.getByLabel('训练轮数', { exact: true }).fill(settings.epochs);
  if (settings.count) await section.getByLabel('训练样本数', { exact: true }).fill(settings.count);
  if (settings.backend) await section.getByLabel('计算后端').selectOption({ label: settings.backend });
  return section;
}

/** Mean training loss of each finished epoch, from the history table. */
async function epochLosses(section: ReturnType<Page['locator']>) {
  const cells = await section.locator('[data-testid="mnist-history"] tbody tr td:nth-child(2)').allTextContents();
  return cells.map(Number);
}

test.describe('chapter 5 trainer', () => {
  test.setTimeout(120_000);

  test('trains on WebAssembly, the loss falls, and the results are shown', async ({ page }) => {
    const section = await trainer(page, { epochs: '2', count: '1000', backend: 'WebAssembly' });
    await section.getByRole('button', { name: '开始训练' }).click();
    await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 60_000 });
    await expect(section.getByTestId('mnist-backend')).toContainText('WebAssembly');
    const losses = await epochLosses(section);
    expect(losses).toHaveLength(2);
    expect(losses[1]).toBeLessThan(losses[0]!);
    await expect(section.locator('.mnist__samples figure')).toHaveCount(24);
    await expect(section.getByTestId('mnist-confusion').locator('tbody tr')).toHaveCount(10);
    await expect(section.locator('.charts__plot canvas').first()).toBeVisible();
  });

  test('without WebGPU the automatic choice falls back and the page says why', async ({ page }) => {
    const section = await trainer(page, { epochs: '1', count: '500', backend: 'TensorFlow.js, WebGPU' });
    await section.getByRole('button', { name: '开始训练' }).click();
    await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 60_000 });
    await expect(section.getByTestId('mnist-backend')).toContainText('WebAssembly');
    await expect(section.getByTestId('mnist-backend')).toContainText('没有可用的 GPU 接口');
  });

  test('pause holds training, resume continues, stop ends it; clicks stay fast meanwhile', async ({ page }) => {
    // Long enough on the WebAssembly engine (about 0.15 s an epoch here) for every step of the test.
    const section = await trainer(page, { epochs: '50' });
    await section.getByRole('button', { name: '开始训练' }).click();
    await expect(section.getByTestId('mnist-status')).toContainText('训练中', { timeout: 30_000 });

    // The main thread answers a real click quickly while the worker trains.
    await page.evaluate(() => {
      const w = window as unknown as { clickDelay: number | null };
      w.clickDelay = null;
      document.addEventListener('click', (e) => (w.clickDelay = performance.now() - e.timeStamp), { once: true });
    });
    await page.mouse.click(5, 5);
    const clickDelay = () => page.evaluate(() => (window as unknown as { clickDelay: number | null }).clickDelay);
    await expect.poll(clickDelay).not.toBeNull();
    expect(await clickDelay()).toBeLessThan(200);

    await section.getByRole('button', { name: '暂停' }).click();
    // The worker says when it holds and after which batch; the bar shows exactly that step.
    await expect(section.getByTestId('mnist-status')).toContainText('已暂停：停在第');
    const [, epoch, step, steps] = /第 (\d+)\/\d+ 轮的第 (\d+)\/(\d+) 批之后/.exec((await section.getByTestId('mnist-status').textContent())!)!.map(Number);
    const progress = section.getByRole('progressbar', { name: '训练进度' });
    const held = String((epoch! - 1) * steps! + step!);
    await expect(progress).toHaveAttribute('value', held);
    await section.getByRole('button', { name: '继续' }).click();
    await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(Number(held));
    await section.getByRole('button', { name: '停止' }).click();
    await expect(section.getByTestId('mnist-status')).toContainText('已停止', { timeout: 30_000 });
  });

  test('the settings refuse bad values inline', async ({ page }) => {
    const section = await trainer(page);
    await section.getByLabel('批大小', { exact: true }).fill('0');
    await expect(section.getByRole('alert')).toContainText('不能小于 1');
    await section.getByLabel('批大小', { exact: true }).fill('100');
    await section.getByLabel('学习率（Adam）', { exact: true }).fill('abc');
    await expect(section.getByRole('alert')).toContainText('这不是一个数');
    await expect(section.getByRole('button', { name: '开始训练' })).toBeDisabled();
  });

  test('a second run starts with empty chart boxes, not the first run’s charts', async ({ page }) => {
    const section = await trainer(page, { epochs: '1', count: '500', backend: 'WebAssembly' });
    const start = section.getByRole('button', { name: '开始训练' });
    const charts = section.locator('.charts__plot canvas');
    await start.click();
    await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 60_000 });
    await expect(charts).toHaveCount(2);
    // The second run waits on TensorFlow.js's download, held here, before its first step.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_astro/tfjs-backends-*.js', async (route) => {
      await held;
      await route.continue();
    });
    await section.getByLabel('计算后端').selectOption({ label: 'TensorFlow.js, WebAssembly' });
    await start.click();
    await expect(section.getByRole('progressbar', { name: /TensorFlow\.js/ })).toBeVisible({ timeout: 20_000 });
    await expect(charts).toHaveCount(0);
    release();
    await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 60_000 });
    await expect(charts).toHaveCount(2);
  });

  test('compare backends measures each available backend', async ({ page }) => {
    const section = await trainer(page);
    await section.getByRole('button', { name: '比较各后端速度' }).click();
    const table = section.getByTestId('mnist-compare');
    await expect(table).toBeVisible({ timeout: 90_000 });
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.startsWith('WebAssembly') && /\d+$/.test(r))).toBe(true);
    expect(rows.some((r) => r.startsWith('TensorFlow.js, WebAssembly') && /\d+$/.test(r))).toBe(true);
    expect(rows.some((r) => r.startsWith('TensorFlow.js, CPU'))).toBe(true);
  });
});

test('training again in the same page does not grow the tensor count', async ({ page }) => {
  test.setTimeout(120_000);
  const section = await trainer(page, { epochs: '1', count: '1000', backend: 'TensorFlow.js, WebAssembly' });
  const counts: string[] = [];
  for (let run = 0; run < 3; run++) {
    await section.getByRole('button', { name: '开始训练' }).click();
    await expect(section.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 60_000 });
    counts.push((await section.getByTestId('mnist-tensors').textContent())!);
  }
  expect(counts[0]).toMatch(/张量数 \d+/);
  expect(new Set(counts).size, counts.join(' | ')).toBe(1);
});

test('the seed comparison sets the article’s PyTorch script beside this guide’s code, on a phone too', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('/en/mnist/');
  const table = page.getByRole('table', { name: /one run for each of \d+ seeds/ });
  await table.scrollIntoViewIfNeeded();
  await expect(table.getByRole('columnheader')).toHaveText([/The article's script \(PyTorch\)/, /This guide \(TensorFlow\.js\)/]);
  await expect(table.getByRole('rowheader')).toHaveText(['Seed 0', 'Lowest', 'Highest', 'Mean ± s.d.']);
  await expect(table.getByRole('row').last()).toContainText(/\d\d\.\d\d% ± 0\.\d\d.*\d\d\.\d\d% ± 0\.\d\d/);
  // It fits the column: no sideways scrolling to read the second implementation.
  expect(await table.evaluate((t) => t.scrollWidth <= t.clientWidth)).toBe(true);
});

test('the shipped model’s card says in each language what the card file records', async ({ page }) => {
  const { training: t, data } = card;
  const n = (v: number) => v.toLocaleString('en');
  for (const [path, says, notIn] of [
    ['/mnist/', ['784-256-128-10，ReLU 激活，softmax 输出', `学习率 ${t.learningRate}，批大小 ${t.batchSize}，${t.epochs} 轮，随机种子 ${t.seed}`, `${t.runtime.backend} 后端`, `${n(data.train)} / ${n(data.test)}`], /\b(epochs|backend|pixels|package)\b/],
    ['/en/mnist/', ['784-256-128-10, ReLU, softmax output', `${t.optimizer} lr ${t.learningRate}, batch ${t.batchSize}, ${t.epochs} epochs, seed ${t.seed}; ${t.framework}`, `${n(data.train)} / ${n(data.test)}`], /[\u4e00-\u9fff]/],
  ] as const) {
    await page.goto(path);
    const facts = page.locator('.model-card dl');
    for (const s of says) await expect(facts).toContainText(s);
    expect(await facts.textContent()).not.toMatch(notIn);
  }
});
