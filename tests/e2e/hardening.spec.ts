import type { Locator, Page } from '@playwright/test';
import { exportMlp } from '../../src/lib/onnx/export';
import { initialWeights } from '../../src/lib/training/spec';
import { endlessLoopModel, matMulModel } from '../support/onnx-models';
import { drawDigit } from './digit-strokes';
import { expect, hydrated, test } from './fixtures';

// Each test holds a defect found by careless or hostile use of the demos; each failed before its fix.

test.setTimeout(120_000);

const status = (section: Locator) => section.getByTestId('mnist-status');

async function mnistTrainer(page: Page, path = '/en/mnist/') {
  return hydrated(page, 'section.mnist', path);
}

async function settle(section: Locator, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) await section.getByLabel(label, { exact: true }).fill(value);
}

test.describe('the MNIST trainer', () => {
  test('a Pause pressed while the last epoch is evaluated does not hold the next run', async ({ page }) => {
    const section = await mnistTrainer(page);
    await settle(section, { Epochs: '1', 'Training digits': '1000' });
    await section.getByLabel('Backend').selectOption({ label: 'WebAssembly' });
    // Press Pause the moment the progress bar fills: the steps are done and the test set is being evaluated.
    await page.evaluate(() => {
      const bar = document.querySelector('section.mnist progress')!;
      const pause = [...document.querySelectorAll('section.mnist button')].find((b) => b.textContent === 'Pause') as HTMLButtonElement;
      new MutationObserver((_, observer) => {
        if (bar.getAttribute('value') === bar.getAttribute('max') && Number(bar.getAttribute('max')) > 1) {
          observer.disconnect();
          pause.click();
          (window as unknown as { pausedLate: boolean }).pausedLate = true;
        }
      }).observe(bar, { attributes: true });
    });
    await section.getByRole('button', { name: 'Start training' }).click();
    await expect(status(section)).toContainText('Finished', { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { pausedLate?: boolean }).pausedLate)).toBe(true);
    await section.getByRole('button', { name: 'Start training' }).click();
    await expect(status(section)).toContainText('Finished', { timeout: 60_000 });
    await expect(section.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute('value', '10');
  });

  test('a batch size larger than the training digits is refused inline, and Start waits', async ({ page }) => {
    const section = await mnistTrainer(page);
    await settle(section, { 'Training digits': '500', 'Batch size': '600' });
    await expect(section.getByRole('alert')).toContainText('cannot exceed the number of training digits (500)');
    await expect(section.getByRole('button', { name: 'Start training' })).toBeDisabled();
    await settle(section, { 'Batch size': '500' });
    await expect(section.getByRole('alert')).toHaveCount(0);
    await expect(section.getByRole('button', { name: 'Start training' })).toBeEnabled();
  });

  test('full-width digits and commas mean what their ASCII twins mean; a decimal comma is refused with its reason', async ({ page }) => {
    const section = await mnistTrainer(page, '/mnist/');
    await settle(section, { 训练样本数: '６０，０００', 批大小: '1，000' });
    await expect(section.getByRole('alert')).toHaveCount(0);
    await expect(section.getByRole('button', { name: '开始训练' })).toBeEnabled();
    await settle(section, { 训练样本数: '1，000' });
    await expect(section.getByRole('alert')).toHaveCount(0);
    await settle(section, { 训练轮数: '1，5' });
    await expect(section.getByRole('alert')).toContainText('逗号只能用作千位分隔符');
  });

  test('the settings are locked while a run trains, and the status speaks of the run’s own epochs', async ({ page }) => {
    const section = await mnistTrainer(page);
    await settle(section, { Epochs: '50' });
    await section.getByRole('button', { name: 'Start training' }).click();
    await expect(status(section)).toContainText('of 50,', { timeout: 30_000 });
    for (const label of ['Epochs', 'Batch size', 'Learning rate (Adam)', 'Training digits', 'Backend']) {
      await expect(section.getByLabel(label, { exact: true })).toBeDisabled();
    }
    await section.getByRole('button', { name: 'Stop' }).click();
    await expect(status(section)).toContainText('Stopped', { timeout: 30_000 });
    await expect(section.getByLabel('Epochs', { exact: true })).toBeEnabled();
  });

  test('Stop ends Compare backends, and comparing after a run leaves that run’s status and results', async ({ page }) => {
    const section = await mnistTrainer(page);
    await settle(section, { Epochs: '1', 'Training digits': '500' });
    await section.getByLabel('Backend').selectOption({ label: 'WebAssembly' });
    await section.getByRole('button', { name: 'Start training' }).click();
    await expect(status(section)).toContainText('Finished', { timeout: 60_000 });
    const finished = await status(section).textContent();

    await section.getByRole('button', { name: 'Compare backends' }).click();
    await expect(section.getByTestId('mnist-compare-status')).toContainText('Measuring');
    await section.getByRole('button', { name: 'Stop' }).click();
    await expect(section.getByTestId('mnist-compare-status')).toContainText('Measurement stopped', { timeout: 15_000 });
    await expect(section.getByRole('button', { name: 'Start training' })).toBeEnabled();
    await expect(status(section)).toHaveText(finished!);
    await expect(section.getByTestId('mnist-confusion')).toBeVisible();

    await section.getByRole('button', { name: 'Compare backends' }).click();
    await expect(section.getByTestId('mnist-compare')).toBeVisible({ timeout: 90_000 });
    await expect(status(section)).toHaveText(finished!);
    await expect(section.getByRole('button', { name: 'Export ONNX' })).toBeVisible();
  });

  test('a second run says the data is already loaded, and Chinese pages give the time left in Chinese', async ({ page }) => {
    const section = await mnistTrainer(page, '/mnist/');
    await settle(section, { 训练轮数: '1', 训练样本数: '500' });
    await section.getByRole('button', { name: '开始训练' }).click();
    await expect(status(section)).toContainText('训练完成', { timeout: 60_000 });
    await settle(section, { 训练轮数: '50', 训练样本数: '10000' });
    const announcements: string[] = [];
    await page.exposeFunction('__status', (text: string) => announcements.push(text));
    await page.evaluate(() => {
      const line = document.querySelector('[data-testid="mnist-status"]')!;
      const report = (window as unknown as { __status: (t: string) => void }).__status;
      new MutationObserver(() => report(line.textContent ?? '')).observe(line, { childList: true, characterData: true, subtree: true });
    });
    await section.getByRole('button', { name: '开始训练' }).click();
    const eta = section.locator('.mnist__progress span').nth(1);
    await expect(eta).toHaveText(/^预计还需 \d+(秒钟|分钟)$/, { timeout: 30_000 });
    await section.getByRole('button', { name: '停止' }).click();
    await expect(status(section)).toContainText('已停止', { timeout: 30_000 });
    expect(announcements.some((a) => a.includes('数据已在本页加载过'))).toBe(true);
    expect(announcements.some((a) => a.includes('0.0 MB'))).toBe(false);
  });

  test('Enter on Start keeps the focus on Start, and after the run Start is still in the tab order', async ({ page }) => {
    const section = await mnistTrainer(page);
    await settle(section, { Epochs: '1', 'Training digits': '500' });
    const start = section.getByRole('button', { name: 'Start training' });
    await start.focus();
    await page.keyboard.press('Enter');
    await expect(start).toBeDisabled();
    await expect(start).toBeFocused();
    await expect(status(section)).toContainText('Finished', { timeout: 60_000 });
    await expect(start).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(start).toBeFocused();
  });
});

test.describe('before the islands hydrate', () => {
  // Scripts held back: what a reader on a slow connection types into the server-rendered fields.
  test.beforeEach(async ({ page }) => {
    await page.route(/\/_astro\/.*\.js$/, async (route) => {
      await new Promise((r) => setTimeout(r, 2500));
      await route.continue();
    });
  });

  test('the toy trainer uses the epochs and learning rate typed before it loaded', async ({ page }) => {
    await page.goto('/en/math/');
    const section = page.locator('section.trainer');
    await section.scrollIntoViewIfNeeded();
    await settle(section, { Epochs: '3', 'Learning rate': '0.5' });
    await expect(page.locator('astro-island:has(section.trainer)')).not.toHaveAttribute('ssr', { timeout: 30_000 });
    await expect(section.getByLabel('Epochs', { exact: true })).toHaveValue('3');
    await section.getByRole('button', { name: 'Start training' }).click();
    await expect(section.getByTestId('trainer-status')).toContainText('Finished 3 epochs', { timeout: 30_000 });
  });

  test('the MNIST trainer uses the epochs and digits typed before it loaded', async ({ page }) => {
    await page.goto('/en/mnist/');
    const section = page.locator('section.mnist');
    await section.scrollIntoViewIfNeeded();
    await settle(section, { Epochs: '1', 'Training digits': '500' });
    await expect(page.locator('astro-island:has(section.mnist)')).not.toHaveAttribute('ssr', { timeout: 30_000 });
    await section.getByRole('button', { name: 'Start training' }).click();
    await expect(status(section)).toContainText('Finished', { timeout: 60_000 });
    await expect(section.getByTestId('mnist-history').locator('tbody tr')).toHaveCount(1);
    await expect(section.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute('max', '5');
  });
});

test.describe('the toy trainer', () => {
  test('is locked while it trains, counts its own epochs, and says “1 epoch”', async ({ page }) => {
    const section = await hydrated(page, 'section.trainer', '/en/math/');
    await settle(section, { Epochs: '100000' });
    await section.getByRole('button', { name: 'Start training' }).click();
    await expect(section.getByTestId('trainer-status')).toContainText('of 100000');
    await expect(section.getByLabel('Epochs', { exact: true })).toBeDisabled();
    await section.getByRole('button', { name: 'Stop' }).click();
    await expect(section.getByTestId('trainer-status')).toContainText('Stopped at epoch');
    await settle(section, { Epochs: '1' });
    await section.getByRole('button', { name: 'Start training' }).click();
    await expect(section.getByTestId('trainer-status')).toContainText('Finished 1 epoch,', { timeout: 30_000 });
  });
});

test.describe('the network stepper', () => {
  test('says the loss went up when it did, and Step waits while a field is invalid', async ({ page }) => {
    const stepper = await hydrated(page, 'section.stepper', '/math/');
    await stepper.getByLabel('学习率 α', { exact: true }).fill('100');
    await stepper.getByRole('button', { name: '梯度下降一步' }).click();
    await expect(stepper.getByTestId('step-result')).toContainText('升到');
    await expect(stepper.getByTestId('step-result')).not.toContainText('降到');
    const field = stepper.getByLabel('x₁', { exact: true });
    await field.fill('1..2');
    await expect(stepper.getByRole('button', { name: '梯度下降一步' })).toBeDisabled();
    await stepper.getByRole('button', { name: '梯度下降一步' }).click({ force: true });
    await expect(field).toHaveValue('1..2');
  });

  test('a step that would leave the fields’ range is not taken, and every field stays valid', async ({ page }) => {
    const stepper = await hydrated(page, 'section.stepper', '/en/math/');
    await stepper.getByLabel('t₁', { exact: true }).fill('500');
    await stepper.getByLabel('Learning rate α', { exact: true }).fill('100');
    const loss = await stepper.getByTestId('loss').textContent();
    await stepper.getByRole('button', { name: 'One gradient-descent step' }).click();
    await expect(stepper.getByTestId('step-result')).toContainText(/Step not taken: it would move \S+ to -?\d/);
    await expect(stepper.getByTestId('loss')).toHaveText(loss!);
    await expect(stepper.locator('input[aria-invalid="true"]')).toHaveCount(0);
  });
});

test.describe('the draw-a-digit demo', () => {
  const upload = (section: Locator, name: string, bytes: Uint8Array) =>
    section.getByLabel('Load your own .onnx model').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });

  test('a tap without movement leaves a dot and gets a prediction', async ({ page }) => {
    const section = await hydrated(page, 'section.digit', '/en/faq/');
    const box = (await section.getByRole('img', { name: /Drawing area/ }).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.up();
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a \d \(/, { timeout: 30_000 });
  });

  test('a model that never answers runs off the page’s thread: the shipped model keeps working, Cancel ends it, the time limit stops it', async ({ page }) => {
    test.setTimeout(180_000);
    const section = await hydrated(page, 'section.digit', '/en/faq/');
    const canvas = section.getByRole('img', { name: /Drawing area/ });
    await drawDigit(page, canvas, 7);
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 7 \(/, { timeout: 30_000 });

    await upload(section, 'endless.onnx', endlessLoopModel());
    await expect(section.getByTestId('digit-opening')).toContainText('Opening endless.onnx');
    // Meanwhile the page answers at once and the shipped model still reads drawings.
    const lag = await page.evaluate(() => new Promise<number>((resolve) => {
      const start = performance.now();
      setTimeout(() => resolve(performance.now() - start), 0);
    }));
    expect(lag).toBeLessThan(200);
    await section.getByRole('button', { name: 'Clear' }).click();
    await drawDigit(page, canvas, 1);
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 1 \(/, { timeout: 10_000 });
    await section.getByRole('button', { name: 'Cancel' }).click();
    await expect(section.getByRole('alert')).toContainText('endless.onnx: loading was cancelled. Still using: Shipped, int8.');

    await upload(section, 'endless.onnx', endlessLoopModel());
    await expect(section.getByRole('alert')).toContainText('did not finish loading and answering a first digit within 10 s', { timeout: 30_000 });
    await expect(section.getByRole('radio', { name: /Shipped, int8/ })).toBeChecked();
    await expect.poll(() => page.workers().filter((w) => w.url().includes('onnx-model.worker')).length).toBe(0);
  });

  test('a model whose output is not a number gives no prediction and no stale bars', async ({ page }) => {
    const section = await hydrated(page, 'section.digit', '/en/faq/');
    const canvas = section.getByRole('img', { name: /Drawing area/ });
    await drawDigit(page, canvas, 4);
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 4 \(/, { timeout: 30_000 });

    // NaN weights: NaN for every input, a blank pad included, so the file is refused as it loads.
    const nan = initialWeights(0);
    nan[0]![5] = NaN;
    await upload(section, 'nan.onnx', exportMlp(nan, { producerVersion: 'test' }));
    await expect(section.getByRole('alert')).toContainText('nan.onnx: its output for a blank pad is NaN');

    // Finite for a blank pad (the pixels scale to −1, and the first layer's bias keeps it at 0), but
    // any ink lifts two hidden units above zero, and 3e38 × 3e38 − 3e38 × 3e38 = ∞ − ∞ = NaN in every score.
    const w = initialWeights(0).map((a) => new Float32Array(a.length));
    for (let p = 0; p < 784; p++) w[0]![p * 256] = w[0]![p * 256 + 1] = 1;
    w[1]![0] = w[1]![1] = 783;
    w[2]![0] = w[2]![128 + 1] = 3e38;
    for (let c = 0; c < 10; c++) {
      w[4]![c] = 3e38;
      w[4]![10 + c] = -3e38;
    }
    await upload(section, 'overflow.onnx', exportMlp(w, { producerVersion: 'test' }));
    await expect(section.getByRole('radio', { name: /Your file: overflow.onnx/ })).toBeChecked({ timeout: 30_000 });
    await expect(section.getByTestId('digit-prediction')).toContainText('answered NaN (not a number) for this drawing');
    await expect(section.getByTestId('digit-probabilities')).not.toContainText('%');
    await expect(section.getByTestId('digit-prediction')).not.toContainText('-1');
  });

  test('ONNX Runtime’s internals stay behind a details toggle, and its warnings about valid models stay off the console', async ({ page }) => {
    const section = await hydrated(page, 'section.digit', '/en/faq/');
    await upload(section, 'future.onnx', matMulModel({ opset: 99 }));
    const alert = section.getByRole('alert');
    await expect(alert).toContainText('future.onnx: it declares an operator-set (opset) or IR version that this ONNX Runtime does not support.', { timeout: 30_000 });
    await expect(alert.locator('p')).not.toContainText('onnxruntime/');
    await expect(alert.locator('pre')).toBeHidden();
    await alert.getByText('Technical details from ONNX Runtime').click();
    await expect(alert.locator('pre')).toContainText('Opset 99');

    // Valid, with an initializer nothing uses: ORT drops it, and says so only at its verbose levels.
    await upload(section, 'unused.onnx', matMulModel({ unusedInitializer: true }));
    await expect(section.getByRole('radio', { name: /Your file: unused.onnx/ })).toBeChecked({ timeout: 30_000 });
  });
});

test.describe('the WebAssembly engine', () => {
  test('trains on every core of a cross-origin isolated page, and on one thread where the host sends no COOP/COEP', async ({ page, context }) => {
    const section = await mnistTrainer(page);
    await settle(section, { Epochs: '1', 'Training digits': '500' });
    await section.getByRole('button', { name: 'Start training' }).click();
    await expect(status(section)).toContainText('Finished', { timeout: 60_000 });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => Math.min(navigator.hardwareConcurrency, 4));
    await expect(section.getByTestId('mnist-engine-memory')).toHaveText(new RegExp(`^${cores} threads?, 32 MB`));
    await expect(section.getByTestId('mnist-backend')).toContainText(/Timed before the run: WebAssembly [\d,]+ samples\/s/);

    // What a host without the isolation headers serves.
    await context.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
    const plain = await mnistTrainer(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await settle(plain, { Epochs: '1', 'Training digits': '500' });
    await plain.getByRole('button', { name: 'Start training' }).click();
    await expect(status(plain)).toContainText('Finished', { timeout: 60_000 });
    await expect(plain.getByTestId('mnist-engine-memory')).toHaveText(/^1 thread, 32 MB/);
  });
});
