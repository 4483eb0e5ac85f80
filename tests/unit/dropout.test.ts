import { beforeAll, describe, expect, it } from 'vitest';
import { firstOf } from '../../src/lib/mnist/idx';
import { initialWeights } from '../../src/lib/training/spec';
import { dropoutMask } from '../support/dropout';
import { autodiffReference } from '../support/reference';
import { relativeError } from '../support/relative-error';
import { readMnist } from '../../scripts/mnist-source';
import { nodeWasmEngine, useTfjsWasm } from '../../scripts/node-engines';

// The WebAssembly engine's dropout and evaluation, held to tfjs autodiff of the same network with
// the same masks (tests/support/dropout.ts computes them as the kernel does).

const batch = firstOf(readMnist('train'), 100);
const test = firstOf(readMnist('test'), 300);

beforeAll(useTfjsWasm);

describe.each([1, 2])('the WebAssembly engine on %i thread(s)', (threads) => {
  it.each([0.2, 0.5])('dropout %s: one SGD step moves the weights as the masked network’s gradient says, to 1e-4 of the change', async (p) => {
    const start = initialWeights(5);
    const lr = 0.1;
    const masks = { p, h1: dropoutMask(1, 0, 100, 256, p), h2: dropoutMask(1, 1, 100, 128, p) };
    const { grads } = await autodiffReference(start, batch, masks);
    const engine = await nodeWasmEngine(threads)({ learningRate: lr, maxBatch: 100, checkpoint: { weights: start, adam: null }, optimizer: 'sgd', dropout: p });
    engine.step(batch.images, batch.labels);
    const { weights } = await engine.checkpoint();
    engine.dispose();
    weights.forEach((after, a) => {
      const moved = after.map((x, i) => x - start[a]![i]!);
      const expected = grads[a]!.map((g) => -lr * g);
      expect(relativeError(moved, expected), `array ${a}`).toBeLessThan(1e-4);
    });
  });

  it('evaluates as it predicts: every unit, the loss summed and the correct count, with nothing updated', async () => {
    const weights = initialWeights(9);
    const engine = await nodeWasmEngine(threads)({ learningRate: 1e-3, maxBatch: 100, checkpoint: { weights, adam: null }, dropout: 0.5 });
    const { lossSum, correct } = await engine.evaluate!(test.images, test.labels);
    const predicted = await engine.predict(test.images, test.count);
    const { weights: after } = await engine.checkpoint();
    engine.dispose();
    const { loss } = await autodiffReference(weights, test);
    expect(lossSum / test.count).toBeCloseTo(loss, 5);
    expect(correct).toBe(predicted.filter((c, i) => c === test.labels[i]).length);
    expect(after).toEqual(weights);
  });
});

it('the mask drops about p of the units, differently at each step and in each layer', () => {
  const a = dropoutMask(3, 0, 100, 256, 0.3);
  const dropped = a.filter((k) => k === 0).length / a.length;
  expect(dropped).toBeGreaterThan(0.28);
  expect(dropped).toBeLessThan(0.32);
  expect(dropoutMask(4, 0, 100, 256, 0.3)).not.toEqual(a);
  expect(dropoutMask(3, 1, 100, 256, 0.3)).not.toEqual(a);
  expect(dropoutMask(3, 0, 100, 256, 0).every((k) => k === 1)).toBe(true);
});

it('dropout 0 trains exactly as no dropout, and a bad p is refused by name', async () => {
  const run = async (dropout?: number) => {
    const engine = await nodeWasmEngine(1)({ learningRate: 1e-3, maxBatch: 100, checkpoint: { weights: initialWeights(2), adam: null }, ...(dropout === undefined ? {} : { dropout }) });
    for (let i = 0; i < 3; i++) engine.step(batch.images, batch.labels);
    const { weights } = await engine.checkpoint();
    engine.dispose();
    return weights;
  };
  expect(await run(0)).toEqual(await run());
  await expect(nodeWasmEngine(1)({ learningRate: 1e-3, maxBatch: 100, checkpoint: { weights: initialWeights(2), adam: null }, dropout: 1 })).rejects.toThrow('dropout must be at least 0 and below 1, not 1');
});
