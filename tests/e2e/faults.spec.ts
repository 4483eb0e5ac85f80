import type { Page, Worker } from '@playwright/test';
import { drawDigit } from './digit-strokes';
import { expect, hydrated, test } from './fixtures';

test.setTimeout(180_000);

/** Chapter 5's trainer, hydrated, with the given settings. */
async function trainer(page: Page, epochs: string, count: string, engine = 'WebAssembly') {
  const section = await hydrated(page, 'section.mnist', '/en/mnist/');
  await section.getByLabel('Epochs', { exact: true }).fill(epochs);
  await section.getByLabel('Training digits', { exact: true }).fill(count);
  await section.getByLabel('Backend').selectOption({ label: engine });
  return section;
}

function trainingWorker(page: Page): Worker | undefined {
  return page.workers().find((w) => w.url().includes('mnist-trainer.worker'));
}

/** Bytes of JavaScript and WebAssembly memory held by the page and its workers. */
async function memoryInUse(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const perf = performance as Performance & { measureUserAgentSpecificMemory(): Promise<{ bytes: number }> };
    return (await perf.measureUserAgentSpecificMemory()).bytes;
  });
}

test('a training worker that crashes shows the error and the trainer starts again with a fresh one', async ({ page }) => {
  const section = await trainer(page, '50', '10000');
  await section.getByRole('button', { name: 'Start training' }).click();
  await expect(section.getByTestId('mnist-status')).toContainText('Training', { timeout: 30_000 });
  const first = trainingWorker(page)!;
  // An error nothing catches, raised inside the worker's own event loop.
  await first.evaluate(() => setTimeout(() => {
    throw new Error('simulated crash');
  }));
  await expect(section.getByTestId('mnist-status')).toContainText('The training worker stopped unexpectedly');
  await expect(section.getByTestId('mnist-status')).toContainText('simulated crash');
  await expect(section.getByRole('button', { name: 'Start training' })).toBeEnabled();

  await section.getByLabel('Epochs', { exact: true }).fill('1');
  await section.getByLabel('Training digits', { exact: true }).fill('1000');
  await section.getByRole('button', { name: 'Start training' }).click();
  await expect(section.getByTestId('mnist-status')).toContainText('Finished', { timeout: 60_000 });
  // The crashed worker was ended (its close may be reported a moment later) and a new one trained.
  await expect.poll(() => page.workers().includes(first)).toBe(false);
  expect(trainingWorker(page)).toBeDefined();
});

test('leaving the page ends training: no worker is left running', async ({ page }) => {
  const section = await trainer(page, '50', '10000');
  await section.getByRole('button', { name: 'Start training' }).click();
  await expect(section.getByTestId('mnist-status')).toContainText('Training', { timeout: 30_000 });
  const worker = trainingWorker(page)!;
  const closed = new Promise<void>((resolve) => worker.once('close', () => resolve()));
  await page.goto('/en/faq/');
  await closed;
  expect(page.workers()).toEqual([]);
});

for (const engine of ['WebAssembly', 'TensorFlow.js, WebAssembly']) {
test(`ten training runs back to back on ${engine} leave the memory in use flat (and tfjs's tensor count)`, async ({ page }) => {
  const section = await trainer(page, '1', '500', engine);
  const tensors: string[] = [];
  const memory: number[] = [];
  for (let run = 0; run < 10; run++) {
    await section.getByRole('button', { name: 'Start training' }).click();
    await expect(section.getByTestId('mnist-status')).toContainText('Finished', { timeout: 60_000 });
    tensors.push((await section.getByTestId('mnist-tensors').textContent())!);
    memory.push(await memoryInUse(page));
  }
  console.log(`${engine}: tensors per run: ${tensors.join(' | ')}; memory (MB): ${memory.map((m) => (m / 1e6).toFixed(1)).join(' ')}`);
  if (engine.startsWith('TensorFlow.js')) expect(tensors[0]).toMatch(/^\d+ tensors$/);
  else await expect(section.getByTestId('mnist-engine-memory')).toHaveText(/^\d threads?, 32 MB of WebAssembly memory$/);
  expect(new Set(tensors).size, tensors.join(' | ')).toBe(1);
  // The first run allocates the data cache and the engine; from the second on, nothing may grow.
  expect(memory.at(-1)! / memory[1]!).toBeLessThan(1.1);
});
}

test('the draw-a-digit demo makes over 1,000 predictions without growing memory', async ({ page }) => {
  const section = await hydrated(page, 'section.digit', '/en/faq/');
  await drawDigit(page, section.getByRole('img', { name: /Drawing area/ }), 4);
  await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 4 \(/, { timeout: 30_000 });
  const measure = section.getByRole('button', { name: 'Measure latency' });
  const memory: number[] = [];
  // Each round: 2 models × (20 warm-up + 200 timed) predictions.
  for (let round = 0; round < 4; round++) {
    await measure.click();
    await expect(measure).toHaveText('Measure latency', { timeout: 60_000 });
    memory.push(await memoryInUse(page));
  }
  console.log(`memory after each 440 predictions (MB): ${memory.map((m) => (m / 1e6).toFixed(1)).join(' ')}`);
  expect(memory.at(-1)! / memory[0]!).toBeLessThan(1.1);
  await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 4 \(/);
});

// The labs (chapters 3, 5.4.4 and 9): each run makes fresh WebAssembly engines (32 MB of memory and
// helper threads each) and drops them; the look inside the network keeps one worker with two models.
const labs = [
  { name: 'optimizer race', path: '/en/algorithm/?race.epochs=1', section: 'section.race', start: 'Start the race', status: 'race-status', done: 'Finished' },
  { name: 'batch-size lab', path: '/en/faq/?batch.seconds=0.5', section: 'section.batch', start: 'Run the lab', status: 'batch-status', done: 'Finished' },
  { name: 'overfitting lab', path: '/en/faq/?overfit.epochs=5', section: 'section.overfit', start: 'Run the lab', status: 'overfit-status', done: 'Finished' },
] as const;
for (const lab of labs) {
  test(`six ${lab.name} runs back to back leave the memory in use and the workers flat`, async ({ page }) => {
    const section = await hydrated(page, lab.section, lab.path);
    const memory: number[] = [];
    const workers: number[] = [];
    for (let run = 0; run < 6; run++) {
      await section.getByRole('button', { name: lab.start }).click();
      await expect(section.getByTestId(lab.status)).toContainText(lab.done, { timeout: 90_000 });
      memory.push(await memoryInUse(page));
      workers.push(page.workers().length);
    }
    console.log(`${lab.name}: memory (MB): ${memory.map((m) => (m / 1e6).toFixed(1)).join(' ')}; workers: ${workers.join(' ')}`);
    expect(new Set(workers).size, workers.join(' ')).toBe(1);
    // The first run downloads the data and compiles the engine; from the second on, nothing may grow.
    expect(memory.at(-1)! / memory[1]!).toBeLessThan(1.1);
  });
}

test('forty digits and orderings inside the network leave the memory in use flat', async ({ page }) => {
  const section = await hydrated(page, 'section.inside', '/en/mnist/');
  await section.getByRole('button', { name: 'Open the trained network' }).click();
  const prediction = section.getByTestId('inside-prediction');
  await expect(prediction).toContainText('Labelled 7', { timeout: 30_000 });
  const field = section.getByLabel('Test digit (1 to 2,000)', { exact: true });
  const memory: number[] = [];
  for (let round = 0; round < 4; round++) {
    for (let d = 1; d <= 10; d++) {
      await field.fill(String(100 * round + d));
      await expect(prediction).toContainText(`Labelled`);
      await section.getByLabel('Order of the units').selectOption(d % 2 ? 'unit' : 'push');
    }
    memory.push(await memoryInUse(page));
  }
  console.log(`inside the network: memory (MB): ${memory.map((m) => (m / 1e6).toFixed(1)).join(' ')}`);
  expect(memory.at(-1)! / memory[0]!).toBeLessThan(1.1);
});
