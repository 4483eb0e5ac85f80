/**
 * Training throughput of the article's MNIST network at batch 100, per backend, in one run:
 * headless Chromium on every backend the page offers (through the page's own "Compare backends"),
 * Node (tfjs WASM), and, where Debian's python3-torch is installed, the article's PyTorch network on
 * the same data (pre-loaded tensors and through a DataLoader like the article's script).
 * Needs a built site (npm run build). Run: npm run bench:train. Prints a table; asserts nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { chromium } from '@playwright/test';
import { firstOf } from '../src/lib/mnist/idx';
import { createMlp, disposeMlp } from '../src/lib/mnist/model';
import { train } from '../src/lib/mnist/train';
import { useWasmBackend } from '../tests/support/tfjs-node';
import { mnistDataDir, readMnist } from './mnist-source';

const steps = 200;
const batch = 100;
const rows: { where: string; samplesPerSecond: number }[] = [];

// Browser: the page's own benchmark (20 steps per backend after a warm-up step).
const server = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'preview', '--host', '127.0.0.1', '--port', '4399'], { stdio: 'ignore' });
// Wait until the preview server answers (its start-up time varies with the machine's load).
for (let tries = 0; ; tries++) {
  const up = await fetch('http://127.0.0.1:4399/').then(() => true, () => false);
  if (up) break;
  if (tries === 100) throw new Error('the preview server did not start on port 4399 within 30 s');
  await new Promise((r) => setTimeout(r, 300));
}
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.goto('http://127.0.0.1:4399/mnist/');
  const section = page.locator('section.mnist');
  await section.scrollIntoViewIfNeeded();
  await page.locator('astro-island:has(section.mnist):not([ssr])').waitFor();
  await section.getByRole('button', { name: '比较各后端速度' }).click();
  await section.getByTestId('mnist-compare').waitFor({ timeout: 300_000 });
  for (const row of await section.getByTestId('mnist-compare').locator('tbody tr').allTextContents()) {
    const m = /^(.*?)(\d+)$/.exec(row);
    if (m) rows.push({ where: `Chromium, ${m[1]}`, samplesPerSecond: Number(m[2]) });
  }
  await browser.close();
} finally {
  server.kill();
}

// Node, tfjs WASM.
await useWasmBackend();
const trainSet = firstOf(readMnist('train'), steps * batch);
const testSet = firstOf(readMnist('test'), 100);
const model = createMlp(0);
await train(model, firstOf(trainSet, batch), testSet, { epochs: 1, batchSize: batch, learningRate: 1e-3, seed: 0 });
const started = performance.now();
await train(model, trainSet, firstOf(testSet, 1), { epochs: 1, batchSize: batch, learningRate: 1e-3, seed: 0, lossEvery: steps });
rows.push({ where: `Node ${process.version}, tfjs ${tf.getBackend()}`, samplesPerSecond: (steps * batch) / ((performance.now() - started) / 1000) });
disposeMlp(model);

// PyTorch, when Debian's python3-torch is there.
const torch = spawnSync('/usr/bin/python3', ['scripts/bench_torch.py', mnistDataDir(), String(steps), String(batch)], { encoding: 'utf8' });
if (torch.status === 0) {
  for (const line of torch.stdout.trim().split('\n')) {
    const [where, value] = line.split('\t');
    rows.push({ where: where!, samplesPerSecond: Number(value) });
  }
} else {
  console.log('PyTorch not measured (python3-torch not installed?)');
}

const dataLoader = rows.find((r) => r.where.includes('DataLoader'));
console.log(`\n${steps} steps of batch ${batch}, ms/step and samples/s:\n`);
for (const r of rows) {
  const ratio = dataLoader ? `  ${(r.samplesPerSecond / dataLoader.samplesPerSecond).toFixed(2)}× PyTorch+DataLoader` : '';
  console.log(`${r.where.padEnd(44)} ${((batch * 1000) / r.samplesPerSecond).toFixed(1).padStart(7)} ms ${Math.round(r.samplesPerSecond).toString().padStart(7)} /s${ratio}`);
}
