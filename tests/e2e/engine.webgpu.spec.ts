import { test, expect, type Page } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { headersFile, baseHeaders } from '../../src/config/security';
import { firstOf } from '../../src/lib/mnist/idx';
import { runTraining } from '../../src/lib/training/run';
import { initialWeights } from '../../src/lib/training/spec';
import { readMnist } from '../../scripts/mnist-source';
import { nodeWasmEngine, useTfjsWasm } from '../../scripts/node-engines';
import { serveDist, type DistServer } from '../../scripts/serve-dist';
import { fixtureSites } from '../support/fixture-site';
import { autodiffReference } from '../support/reference';

// The WebGPU engine through the cases of tests/unit/engine-conformance.test.ts, in Chromium on the
// adapter this project offers (SwiftShader without a GPU): WebGPU exists only in a browser, so a small
// page (tests/browser/engine-harness.ts, bundled here by Vite) runs the engine, and the references
// come from Node (tfjs autodiff, the WebAssembly engine).

test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

const trainAll = readMnist('train');
const testAll = readMnist('test');
const out = path.join(fixtureSites, 'engine-harness');
let server: DistServer;
let page: Page;

type Harness = Record<string, (...args: unknown[]) => Promise<unknown>>;
const call = <T>(name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => (window as unknown as { harness: Harness }).harness[n as string]!(...(a as unknown[])), [name, args] as const) as Promise<T>;
const plain = (set: ReturnType<typeof firstOf>) => ({ images: Array.from(set.images), labels: Array.from(set.labels) });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  rmSync(out, { recursive: true, force: true });
  await build({
    root: path.resolve('tests/browser'),
    logLevel: 'warn',
    configFile: false,
    build: { outDir: out, emptyOutDir: true, target: 'esnext', rollupOptions: { input: path.resolve('tests/browser/engine-harness.html') } },
  });
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'index.html'), '<!doctype html><title>harness</title>');
  writeFileSync(path.join(out, '_headers'), headersFile({ '/*': { ...baseHeaders } }));
  server = await serveDist(out);
  page = await browser.newPage();
  await page.goto(`${server.origin}/engine-harness.html`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await useTfjsWasm();
});

test.afterAll(async () => {
  await page?.close();
  await server?.close();
  rmSync(out, { recursive: true, force: true });
});

test('the page has a WebGPU adapter (SwiftShader here, without a GPU)', async () => {
  const adapter = await call<{ architecture: string } | null>('adapter');
  expect(adapter).not.toBeNull();
  console.log(`WebGPU adapter: ${JSON.stringify(adapter)}`);
});

// Both blocks of kernels.ts (the one a real GPU gets is checked here too, on SwiftShader), on a
// full batch and on one whose size divides neither block nor the products' step of four.
for (const kind of ['software', 'hardware'] as const) {
  for (const rows of [100, 37]) {
    test(`gradients and one Adam step equal tfjs autodiff to 1e-5, in at most 12 dispatches a step: ${kind} block, batch ${rows}`, async () => {
      const weights = initialWeights(4);
      const batch = firstOf(trainAll, rows);
      const reference = await autodiffReference(weights, batch);
      const result = await call<{ gradients: number[]; step: number[]; stepCount: number; dispatchesPerStep: number }>(
        'stepAgainst',
        {
          weights: weights.map((w) => Array.from(w)),
          pixels: Array.from(batch.images),
          labels: Array.from(batch.labels),
          grads: reference.grads.map((g) => Array.from(g)),
          stepped: reference.stepped.map((w) => Array.from(w)),
        },
        kind,
      );
      console.log(`relative error per weight array: gradients ${result.gradients.map((e) => e.toExponential(1)).join(' ')}; one step ${result.step.map((e) => e.toExponential(1)).join(' ')}; ${result.dispatchesPerStep} dispatches a step`);
      result.gradients.forEach((e, i) => expect(e, `gradient of array ${i}`).toBeLessThan(1e-5));
      result.step.forEach((e, i) => expect(e, `array ${i} after one step`).toBeLessThan(1e-5));
      expect(result.stepCount).toBe(1);
      expect(result.dispatchesPerStep).toBeLessThanOrEqual(12);
    });
  }
}

test('a run cut after epoch 1 and resumed ends where the uncut run does, and learns what the WebAssembly engine learns', async () => {
  const train = firstOf(trainAll, 1000);
  const test500 = firstOf(testAll, 500);
  const result = await call<{ equal: boolean; testAccuracy: number; losses: number[] }>('cutAndResume', plain(train), plain(test500));
  const wasm = await runTraining({ trainSet: train, testSet: test500, epochs: 2, batchSize: 100, learningRate: 1e-3, seed: 0, engines: ['wasm'], load: async () => nodeWasmEngine() });
  console.log(`WebGPU: losses ${result.losses.map((l) => l.toFixed(4)).join(', ')}, test accuracy ${result.testAccuracy}; WebAssembly: ${wasm.history.map((h) => h.trainLoss.toFixed(4)).join(', ')}, ${wasm.testAccuracy}`);
  expect(result.equal).toBe(true);
  expect(result.losses[1]!).toBeLessThan(result.losses[0]!);
  expect(Math.abs(result.testAccuracy - wasm.testAccuracy)).toBeLessThanOrEqual(5 / 500);
});

test('ten runs leave no GPU buffer behind', async () => {
  const counts = await call<number[]>('buffersOverRuns', 10, plain(firstOf(trainAll, 300)));
  expect(counts).toEqual(new Array(10).fill(0));
});
