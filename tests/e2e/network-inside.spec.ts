import AxeBuilder from '@axe-core/playwright';
import { expect, hydrated, test } from './fixtures';

// Chapter 5.4.4's look inside the network (src/islands/NetworkInside).

test.setTimeout(120_000);

test('the model loads only on request; then a test digit shows its layers and the units that push its digit', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const section = await hydrated(page, 'section.inside', '/en/mnist/?inside.digit=1');
  expect(fetched.filter((p) => p.endsWith('/models/mnist-mlp.onnx'))).toHaveLength(0);
  await section.getByRole('button', { name: 'Open the trained network' }).click();
  // The first test digit is a 7, which the shipped model reads.
  await expect(section.getByTestId('inside-prediction')).toHaveText(/^Labelled 7; the network reads 7 \(\d+\.\d%\)\.$/, { timeout: 30_000 });
  expect(fetched.filter((p) => p.endsWith('/models/mnist-mlp.onnx'))).toHaveLength(1);
  const grid = section.getByRole('application', { name: /^First-layer weights of 256 units; those that push the 7 most: unit \d+ \(\+/ });
  await expect(grid).toBeVisible();
  const top = section.getByTestId('inside-top');
  await expect(top.locator('tr')).toHaveCount(2);
  await expect(top.locator('td').first()).toHaveText(/^(unit \d+ \([+−-]\d+\.\d\d\), ){4}unit \d+ \([+−-]\d+\.\d\d\)$/);
  // By keyboard: the grid is ordered by push, so its first two tiles are the table's first two units.
  const units = [...(await top.locator('td').first().textContent())!.matchAll(/unit (\d+) \(([+−-]\d+\.\d\d)\)/g)];
  const picked = section.getByTestId('inside-picked');
  await expect(picked).toContainText('arrow keys');
  await grid.focus();
  await page.keyboard.press('ArrowRight');
  await expect(picked).toHaveText(new RegExp(`^Unit ${units[0]![1]}: activation \\d+\\.\\d\\d, push on the predicted digit \\${units[0]![2]}$`));
  await page.keyboard.press('ArrowRight');
  await expect(picked).toHaveText(new RegExp(`^Unit ${units[1]![1]}: `));
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowDown');
  await expect(section.locator('.inside__cursor')).toHaveCount(1);
  // By pointer: the same readout for the tile under it.
  const box = (await grid.boundingBox())!;
  await page.mouse.move(box.x + box.width * (16 / 482), box.y + box.height * (16 / 482));
  await expect(picked).toHaveText(new RegExp(`^Unit ${units[0]![1]}: `));
  // Another digit: the field and the picture follow.
  await section.getByLabel('Test digit (1 to 2,000)', { exact: true }).fill('2');
  await expect(section.getByTestId('inside-prediction')).toHaveText(/^Labelled 2; the network reads 2 /);
  await expect.poll(() => page.evaluate(() => location.search)).toBe('?inside.digit=2');
  await section.getByLabel('Test digit (1 to 2,000)', { exact: true }).fill('0');
  await expect(section.getByRole('alert')).toContainText('at least 1');
  await expect(section.getByTestId('inside-prediction')).toHaveText(/^Labelled 2;/);
});

test('zh: the grid can be ordered by unit number, and a model trained on the page can be opened instead', async ({ page }) => {
  const section = await hydrated(page, 'section.inside', '/mnist/');
  await section.getByRole('button', { name: '打开训练好的网络' }).click();
  await expect(section.getByTestId('inside-prediction')).toContainText('标签是 7', { timeout: 30_000 });
  const model = section.getByLabel('模型');
  await expect(model.locator('option[value="page"]')).toBeDisabled();
  await section.getByLabel('神经元的顺序').selectOption('unit');
  await expect.poll(() => page.evaluate(() => location.search)).toBe('?inside.sort=unit');
  // Train a quick model on the page and hand it over.
  const trainer = await hydrated(page, 'section.mnist');
  await trainer.getByLabel('训练轮数', { exact: true }).fill('1');
  await trainer.getByLabel('训练样本数', { exact: true }).fill('500');
  await trainer.getByRole('button', { name: '开始训练' }).click();
  await expect(trainer.getByTestId('mnist-status')).toContainText('训练完成', { timeout: 60_000 });
  await trainer.getByRole('button', { name: '在手写数字演示中使用' }).click();
  await section.scrollIntoViewIfNeeded();
  await expect(model.locator('option[value="page"]')).toBeEnabled();
  await model.selectOption('page');
  await expect(section.getByTestId('inside-prediction')).toContainText('标签是 7');
});

test('a worker that crashes says so where the reader looks; opening again gets a fresh one, with the page’s model', async ({ page }) => {
  const trainer = await hydrated(page, 'section.mnist', '/en/mnist/');
  await trainer.getByLabel('Epochs', { exact: true }).fill('1');
  await trainer.getByLabel('Training digits', { exact: true }).fill('500');
  await trainer.getByRole('button', { name: 'Start training' }).click();
  await expect(trainer.getByTestId('mnist-status')).toContainText('Finished', { timeout: 60_000 });
  await trainer.getByRole('button', { name: 'Use it in the draw-a-digit demo' }).click();
  const section = await hydrated(page, 'section.inside');
  const open = section.getByRole('button', { name: 'Open the trained network' });
  await open.click();
  const model = section.getByLabel('Model');
  await expect(model.locator('option[value="page"]')).toBeEnabled({ timeout: 30_000 });
  const worker = page.workers().find((w) => w.url().includes('network-inside.worker'))!;
  // An error nothing catches, raised inside the worker's own event loop.
  await worker.evaluate(() => setTimeout(() => {
    throw new Error('simulated crash');
  }));
  await expect(section.getByRole('alert')).toHaveText(/^The network could not be shown: .*simulated crash/);
  await expect(section.getByTestId('inside-prediction')).toHaveCount(0);
  await open.click();
  await expect(section.getByTestId('inside-prediction')).toContainText('Labelled 7', { timeout: 30_000 });
  await expect(section.getByRole('alert')).toHaveCount(0);
  await expect(model.locator('option[value="page"]')).toBeEnabled();
  await model.selectOption('page');
  await expect(section.getByTestId('inside-prediction')).toContainText('Labelled 7');
  await expect.poll(() => page.workers().includes(worker)).toBe(false);
});

for (const theme of ['light', 'dark'] as const) {
  test(`opened, with the grid's cursor on a unit, the island has no axe violations (${theme})`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, colorScheme: theme });
    const page = await context.newPage();
    const section = await hydrated(page, 'section.inside', '/en/mnist/');
    await section.getByRole('button', { name: 'Open the trained network' }).click();
    await expect(section.getByTestId('inside-prediction')).toContainText('Labelled 7', { timeout: 30_000 });
    await section.getByRole('application').focus();
    await page.keyboard.press('ArrowRight');
    await expect(section.locator('.inside__cursor')).toHaveCount(1);
    const { violations } = await new AxeBuilder({ page }).include('section.inside').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await context.close();
  });
}
