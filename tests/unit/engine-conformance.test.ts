import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstOf } from '../../src/lib/mnist/idx';
import type { EngineFactory } from '../../src/lib/training/engine';
import { runTraining } from '../../src/lib/training/run';
import { initialWeights } from '../../src/lib/training/spec';
import { autodiffReference } from '../support/reference';
import { relativeError } from '../support/relative-error';
import { readMnist } from '../../scripts/mnist-source';
import { loadNodeEngine, nodeWasmEngine, useTfjsWasm } from '../../scripts/node-engines';

// One table of cases, run against every engine that runs in Node: what the training loop and the
// page rely on, whatever does the arithmetic.

const trainAll = readMnist('train');
const testAll = readMnist('test');
const batch = firstOf(trainAll, 100);
const pixels = batch.images;
const autodiff = (weights: Float32Array[]) => autodiffReference(weights, batch);

const engines: [string, () => Promise<EngineFactory>][] = [
  ['tfjs, WASM backend', () => loadNodeEngine('tfjs-wasm')],
  ['fused WebAssembly, one thread', async () => nodeWasmEngine(1)],
  ['fused WebAssembly, two threads', async () => nodeWasmEngine(2)],
  ['fused WebAssembly, two threads, plain SIMD (no relaxed multiply-add)', async () => nodeWasmEngine(2, { relaxed: false })],
];

beforeAll(useTfjsWasm);

let reference: ReturnType<typeof runTraining> | undefined;
/** The same two-epoch run on tfjs's WASM backend, once. */
const tfjsReference = () =>
  (reference ??= runTraining({
    trainSet: firstOf(trainAll, 1000),
    testSet: firstOf(testAll, 500),
    epochs: 2,
    batchSize: 100,
    learningRate: 1e-3,
    seed: 0,
    engines: ['tfjs-wasm'],
    load: loadNodeEngine,
  }));

describe.each(engines)('engine: %s', (_, make) => {
  const run = async (overrides: Partial<Parameters<typeof runTraining>[0]>) => {
    const factory = await make();
    return runTraining({
      trainSet: firstOf(trainAll, 1000),
      testSet: firstOf(testAll, 500),
      epochs: 2,
      batchSize: 100,
      learningRate: 1e-3,
      seed: 0,
      engines: ['wasm'],
      load: async () => factory,
      ...overrides,
    });
  };

  it('its gradients on a fixed batch equal tfjs autodiff to 1e-5 (relative, per weight array)', async () => {
    const weights = initialWeights(4);
    const reference = await autodiff(weights);
    const engine = await (await make())({ learningRate: 1e-3, maxBatch: 100, checkpoint: { weights, adam: null } });
    const grads = await engine.gradients(pixels, batch.labels);
    engine.dispose();
    grads.forEach((g, i) => expect(relativeError(g, reference.grads[i]!), `array ${i}`).toBeLessThan(1e-5));
  });

  it('one Adam step from the same weights gives the same weights to 1e-5', async () => {
    const weights = initialWeights(4);
    const reference = await autodiff(weights);
    const engine = await (await make())({ learningRate: 1e-3, maxBatch: 100, checkpoint: { weights, adam: null } });
    engine.step(pixels, batch.labels);
    const { weights: after, adam } = await engine.checkpoint();
    engine.dispose();
    expect(adam!.step).toBe(1);
    after.forEach((w, i) => expect(relativeError(w, reference.stepped[i]!), `array ${i}`).toBeLessThan(1e-5));
  });

  it('a run cut after epoch 1 and resumed from its checkpoint ends where the uncut run does', async () => {
    const uncut = await run({});
    const first = await run({ epochs: 1 });
    const resumed = await run({ resume: { checkpoint: first.checkpoint, epochsDone: 1 } });
    expect(resumed.checkpoint.weights).toEqual(uncut.checkpoint.weights);
    expect(resumed.checkpoint.adam).toEqual(uncut.checkpoint.adam);
  });

  it('learns what tfjs learns: the loss falls, and two epochs end at tfjs’s test accuracy to within 5 of 500 digits', async () => {
    const outcome = await run({});
    expect(outcome.history[1]!.trainLoss).toBeLessThan(outcome.history[0]!.trainLoss);
    const reference = await tfjsReference();
    expect(Math.abs(outcome.testAccuracy - reference.testAccuracy)).toBeLessThanOrEqual(5 / 500);
    // Not to the bit: Adam divides each step by the gradient's own size, so rounding differences
    // between engines (about 1e-7 per product) grow over steps; after 20 they are a few 1e-3.
    expect(Math.abs(outcome.history[1]!.trainLoss / reference.history[1]!.trainLoss - 1)).toBeLessThan(0.01);
  });

  it('does not grow over ten epochs, and leaves nothing behind when done', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const seen: string[] = [];
    const outcome = await run({
      epochs: 10,
      trainSet: firstOf(trainAll, 300),
      onBatch: (p) => seen.push(JSON.stringify(p.diagnostics)),
    });
    expect(outcome.history).toHaveLength(10);
    expect(new Set(seen.slice(1)).size, seen.join(' ')).toBe(1);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
