import type { Locator, Page } from '@playwright/test';
import { forward, workedExample } from '../../src/lib/nn/network';
import { expect, hydrated, test } from './fixtures';

// A demo's settings live in the page's URL (src/islands/shared/useUrlSettings.ts): a link opens the
// demo with them, a bad value in a link is refused as if typed, and editing writes the URL back.

test.setTimeout(120_000);

const search = (page: Page) => page.evaluate(() => location.search);
const params = async (page: Page) => Object.fromEntries(new URLSearchParams(await search(page)));

const en = { epochs: 'Epochs', batch: 'Batch size', lr: 'Learning rate (Adam)', count: 'Training digits', backend: 'Backend', start: 'Start training', finished: 'Finished', progress: 'Training progress' };
const zh = { epochs: '训练轮数', batch: '批大小', lr: '学习率（Adam）', count: '训练样本数', backend: '计算后端', start: '开始训练', finished: '训练完成', progress: '训练进度' };

const mnist = (page: Page, path?: string) => hydrated(page, 'section.mnist', path);
const field = (section: Locator, label: string) => section.getByLabel(label, { exact: true });

test.describe('the MNIST trainer’s settings in the URL', () => {
  for (const [lang, path, l] of [
    ['en', '/en/mnist/', en],
    ['zh', '/mnist/', zh],
  ] as const) {
    test(`a link opens the ${lang} trainer with its settings, and a run uses them`, async ({ page }) => {
      const section = await mnist(page, `${path}?mnist.epochs=1&mnist.batch=50&mnist.lr=0.01&mnist.count=500&mnist.backend=wasm`);
      await expect(field(section, l.epochs)).toHaveValue('1');
      await expect(field(section, l.batch)).toHaveValue('50');
      await expect(field(section, l.lr)).toHaveValue('0.01');
      await expect(field(section, l.count)).toHaveValue('500');
      await expect(section.getByLabel(l.backend)).toHaveValue('wasm');
      await expect(section.getByRole('alert')).toHaveCount(0);
      await section.getByRole('button', { name: l.start }).click();
      await expect(section.getByTestId('mnist-status')).toContainText(l.finished, { timeout: 60_000 });
      // One epoch of 500 digits in batches of 50: ten steps, on the engine the link named.
      await expect(section.getByRole('progressbar', { name: l.progress })).toHaveAttribute('max', '10');
      await expect(section.getByTestId('mnist-backend')).toContainText('WebAssembly');
      await expect(section.getByTestId('mnist-history').locator('tbody tr')).toHaveCount(1);
    });
  }

  test('editing writes the settings into the URL without a history entry, keeping other parameters and the hash', async ({ page }) => {
    const section = await mnist(page, '/en/mnist/?compare-steps=20&note#541-training-the-articles-network-in-your-browser');
    const entries = await page.evaluate(() => history.length);
    await field(section, en.epochs).fill('4');
    await expect.poll(() => search(page)).toBe('?compare-steps=20&note&mnist.epochs=4');
    await field(section, en.lr).fill('2e-3');
    await section.getByLabel(en.backend).selectOption({ label: 'WebAssembly' });
    await expect.poll(() => params(page)).toEqual({ 'compare-steps': '20', note: '', 'mnist.epochs': '4', 'mnist.lr': '0.002', 'mnist.backend': 'wasm' });
    // Invalid text leaves the last valid value in the URL, as it leaves it in the run.
    await field(section, en.epochs).fill('abc');
    await field(section, en.count).fill('2000');
    await expect.poll(() => params(page)).toMatchObject({ 'mnist.count': '2000' });
    expect((await params(page))['mnist.epochs']).toBe('4');
    // Back to the page's defaults: the parameters go, the others stay.
    for (const [label, value] of [[en.epochs, '3'], [en.lr, '0.001'], [en.count, '10000']] as const) await field(section, label).fill(value);
    await section.getByLabel(en.backend).selectOption({ label: 'Automatic' });
    await expect.poll(() => search(page)).toBe('?compare-steps=20&note');
    expect(await page.evaluate(() => location.hash)).toBe('#541-training-the-articles-network-in-your-browser');
    expect(await page.evaluate(() => history.length)).toBe(entries);
    // The URL reopens the page as it was left.
    await field(section, en.batch).fill('250');
    await expect.poll(() => search(page)).toBe('?compare-steps=20&note&mnist.batch=250');
    await page.reload();
    const reopened = await mnist(page);
    await expect(field(reopened, en.batch)).toHaveValue('250');
  });

  test('a plain page keeps a plain URL', async ({ page }) => {
    const section = await mnist(page, '/en/mnist/');
    // Typing a default over itself, then a change elsewhere that shows the writes are running.
    await field(section, en.epochs).fill('3');
    await field(section, en.count).fill('500');
    await expect.poll(() => search(page)).toBe('?mnist.count=500');
    await field(section, en.count).fill('10,000');
    await expect.poll(() => search(page)).toBe('');
  });

  for (const [path, l, name, text] of [
    ['/en/mnist/', en, 'epochs', 'abc'],
    ['/en/mnist/', en, 'epochs', '0'],
    ['/en/mnist/', en, 'lr', '-1'],
    ['/en/mnist/', en, 'count', '1,5'],
    ['/mnist/', zh, 'lr', '-1'],
    ['/mnist/', zh, 'batch', '1001'],
  ] as const) {
    test(`a link with ${name}=${text} (${path}) gets the message typing it gives, and Start waits for a valid value`, async ({ page }) => {
      const typed = await mnist(page, path);
      await field(typed, l[name]).fill(text);
      const message = await typed.getByRole('alert').textContent();
      expect(message).toBeTruthy();

      const section = await mnist(page, `${path}?mnist.${name}=${encodeURIComponent(text)}`);
      await expect(field(section, l[name])).toHaveValue(text);
      await expect(field(section, l[name])).toHaveAttribute('aria-invalid', 'true');
      await expect(section.getByRole('alert')).toHaveText(message!);
      await expect(section.getByRole('button', { name: l.start })).toBeDisabled();
    });
  }

  test('after a bad link is corrected, Start trains with the valid values; an unknown backend leaves the select on Automatic', async ({ page }) => {
    const section = await mnist(page, '/en/mnist/?mnist.epochs=0&mnist.count=500&mnist.backend=nonsense');
    const select = section.getByLabel(en.backend);
    await expect(select).toHaveValue('');
    await expect(select).toHaveAttribute('aria-invalid', 'true');
    await expect(section.locator('#mnist-backend-error')).toHaveText('This link asks for the backend “nonsense”, which is not one of these; training uses Automatic unless you choose another.');
    await expect(section.locator('#mnist-epochs-error')).toHaveText('Must be at least 1.');
    await expect(section.getByRole('button', { name: en.start })).toBeDisabled();
    await field(section, en.epochs).fill('1');
    await expect(section.locator('#mnist-epochs-error')).toHaveCount(0);
    // The link's word for the backend stays until the reader picks one.
    await expect.poll(() => params(page)).toEqual({ 'mnist.epochs': '1', 'mnist.count': '500', 'mnist.backend': 'nonsense' });
    await select.selectOption({ label: 'WebAssembly' });
    await expect(section.locator('#mnist-backend-error')).toHaveCount(0);
    await expect(select).toHaveAttribute('aria-invalid', 'false');
    await expect.poll(() => params(page)).toEqual({ 'mnist.epochs': '1', 'mnist.count': '500', 'mnist.backend': 'wasm' });
    await section.getByRole('button', { name: en.start }).click();
    await expect(section.getByTestId('mnist-status')).toContainText('Finished', { timeout: 60_000 });
    await expect(section.getByRole('progressbar', { name: en.progress })).toHaveAttribute('max', '5');
    await expect(section.getByTestId('mnist-backend')).toContainText('WebAssembly');
  });

  test('the zh page says an unknown backend in Chinese', async ({ page }) => {
    const section = await mnist(page, '/mnist/?mnist.backend=tfjs-nonsense');
    await expect(section.getByLabel(zh.backend)).toHaveValue('');
    await expect(section.getByRole('alert')).toHaveText('链接指定的计算后端“tfjs-nonsense”不在列表中；训练将自动选择后端，你也可以从列表中另选一个。');
  });
});

test.describe('before the trainer hydrates', () => {
  test.beforeEach(async ({ page }) => {
    await page.route(/\/_astro\/.*\.js$/, async (route) => {
      await new Promise((r) => setTimeout(r, 2500));
      await route.continue();
    });
  });

  test('what the reader typed wins over the link; the link fills the fields left alone', async ({ page }) => {
    await page.goto('/en/mnist/?mnist.epochs=2&mnist.count=500&mnist.backend=tfjs-cpu');
    const section = page.locator('section.mnist');
    await section.scrollIntoViewIfNeeded();
    await field(section, en.epochs).fill('1');
    await section.getByLabel(en.backend).selectOption({ label: 'WebAssembly' });
    await expect(page.locator('astro-island:has(section.mnist)')).not.toHaveAttribute('ssr', { timeout: 30_000 });
    await expect(field(section, en.epochs)).toHaveValue('1');
    await expect(field(section, en.count)).toHaveValue('500');
    await expect(section.getByLabel(en.backend)).toHaveValue('wasm');
    await expect.poll(() => params(page)).toEqual({ 'mnist.epochs': '1', 'mnist.count': '500', 'mnist.backend': 'wasm' });
    await section.getByRole('button', { name: en.start }).click();
    await expect(section.getByTestId('mnist-status')).toContainText('Finished', { timeout: 60_000 });
    await expect(section.getByRole('progressbar', { name: en.progress })).toHaveAttribute('max', '5');
  });
});

test.describe('the chapter 4 demos’ settings in the URL', () => {
  test('a link restores the stepper’s inputs, and its numbers are computed from them', async ({ page }) => {
    const stepper = await hydrated(page, 'section.stepper', '/en/math/?stepper.x1=2&stepper.w1_12=0.5&stepper.b2_2=-1&stepper.t2=0.9&stepper.lr=0.5');
    await expect(field(stepper, 'x₁')).toHaveValue('2');
    await expect(field(stepper, 'W¹₁₂')).toHaveValue('0.5');
    await expect(field(stepper, 'b²₂')).toHaveValue('-1');
    await expect(field(stepper, 't₂')).toHaveValue('0.9');
    await expect(field(stepper, 'Learning rate α')).toHaveValue('0.5');
    const p = structuredClone(workedExample.params);
    p.W1[0]![1] = 0.5;
    p.b2[1] = -1;
    const expected = forward(p, [2, ...workedExample.x.slice(1)], [workedExample.t[0]!, 0.9]);
    await expect(stepper.getByTestId('loss')).toHaveText(expected.loss.toFixed(6));
    // A step writes the new weights; Reset brings back the worked example and a plain URL.
    await stepper.getByRole('button', { name: 'One gradient-descent step' }).click();
    await expect.poll(async () => Object.keys(await params(page))).toContain('stepper.w1_11');
    const after = await params(page);
    await expect(field(stepper, 'W¹₁₁')).toHaveValue(after['stepper.w1_11']!);
    await stepper.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => search(page)).toBe('');
  });

  test('a bad value in a stepper link is refused as typing it would be, and the worked example stays computed', async ({ page }) => {
    const stepper = await hydrated(page, 'section.stepper', '/math/?stepper.t1=5000');
    await expect(field(stepper, 't₁')).toHaveValue('5000');
    await expect(stepper.getByRole('alert')).toHaveText('不能大于 1000。');
    await expect(stepper.getByTestId('loss')).toHaveText(forward(workedExample.params, workedExample.x, workedExample.t).loss.toFixed(6));
    await expect(stepper.getByRole('button', { name: '梯度下降一步' })).toBeDisabled();
  });

  test('one link carries the explorer, the stepper and the toy trainer, each in its own namespace', async ({ page }) => {
    await page.goto('/en/math/?explorer.from=-2&explorer.to=3&stepper.x2=1&toy.epochs=5&toy.lr=0.5&toy.seed=7');
    const explorer = await hydrated(page, 'section.explorer');
    await expect(field(explorer, 'Smallest x')).toHaveValue('-2');
    await expect(field(explorer, 'Largest x')).toHaveValue('3');
    await expect(explorer.locator('svg text.tick').last()).toHaveText('-2');
    const stepper = await hydrated(page, 'section.stepper');
    await expect(field(stepper, 'x₂')).toHaveValue('1');
    const toy = await hydrated(page, 'section.trainer');
    await expect(field(toy, 'Epochs')).toHaveValue('5');
    await expect(field(toy, 'Learning rate')).toHaveValue('0.5');
    await expect(field(toy, 'Random seed (initial weights)')).toHaveValue('7');
    await toy.getByRole('button', { name: 'Start training' }).click();
    await expect(toy.getByTestId('trainer-status')).toContainText('Finished 5 epochs', { timeout: 30_000 });
    // Editing one island leaves the others’ parameters where they were.
    await field(explorer, 'Largest x').fill('4');
    await expect.poll(() => search(page)).toBe('?explorer.from=-2&explorer.to=4&stepper.x2=1&toy.epochs=5&toy.lr=0.5&toy.seed=7');
  });
});
