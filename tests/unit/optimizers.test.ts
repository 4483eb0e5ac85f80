import { beforeAll, describe, expect, it } from 'vitest';
import { firstOf, type MnistSet } from '../../src/lib/mnist/idx';
import { adamDefaults, momentumDefaults, optimizerKinds, rmspropDefaults, type OptimizerKind } from '../../src/lib/training/engine';
import { initialWeights } from '../../src/lib/training/spec';
import { autodiffReference } from '../support/reference';
import { relativeError } from '../support/relative-error';
import { readMnist } from '../../scripts/mnist-source';
import { loadNodeEngine, nodeWasmEngine, useTfjsWasm } from '../../scripts/node-engines';

// The optimizers the labs race, held to their PyTorch definitions written out below in float64,
// on gradients from tfjs's autodiff (not the engine's): two steps on two batches, so that the
// state a rule carries from one step to the next (momentum's velocity, RMSProp's mean square,
// Adam's moments) is part of what is checked.

const digits = firstOf(readMnist('train'), 200);
const batches: MnistSet[] = [0, 1].map((b) => ({ ...digits, count: 100, images: digits.images.slice(b * 78_400, (b + 1) * 78_400), labels: digits.labels.slice(b * 100, (b + 1) * 100) }));

type State = { m: Float64Array[]; v: Float64Array[]; t: number };

/** One step of `kind` as PyTorch's torch.optim defines it, weight decay added to the gradient first. */
function referenceStep(kind: OptimizerKind, lr: number, decay: number, w: Float64Array[], grads: Float32Array[], state: State): void {
  state.t++;
  w.forEach((wi, a) => {
    const m = state.m[a]!;
    const v = state.v[a]!;
    for (let i = 0; i < wi.length; i++) {
      const g = grads[a]![i]! + decay * wi[i]!;
      if (kind === 'sgd') wi[i]! -= lr * g;
      else if (kind === 'momentum') {
        m[i] = momentumDefaults.momentum * m[i]! + g;
        wi[i]! -= lr * m[i]!;
      } else if (kind === 'rmsprop') {
        v[i] = rmspropDefaults.alpha * v[i]! + (1 - rmspropDefaults.alpha) * g * g;
        wi[i]! -= (lr * g) / (Math.sqrt(v[i]!) + rmspropDefaults.epsilon);
      } else {
        const { beta1, beta2, epsilon } = adamDefaults;
        m[i] = beta1 * m[i]! + (1 - beta1) * g;
        v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
        const mHat = m[i]! / (1 - beta1 ** state.t);
        const vHat = v[i]! / (1 - beta2 ** state.t);
        wi[i]! -= (lr * mHat) / (Math.sqrt(vHat) + epsilon);
      }
    }
  });
}

const rates: Record<OptimizerKind, number> = { sgd: 0.1, momentum: 0.05, rmsprop: 1e-3, adam: 1e-3 };

beforeAll(useTfjsWasm);

describe.each([1, 2])('the WebAssembly engine on %i thread(s)', (threads) => {
  const cases = optimizerKinds.flatMap((kind) => [0, 0.01].map((decay) => [kind, decay] as const));
  it.each(cases)('%s with weight decay %s: two steps move the weights as PyTorch would, to 1e-3 of the change', async (kind, decay) => {
    const start = initialWeights(7);
    const lr = rates[kind];
    const w = start.map((a) => Float64Array.from(a));
    const state: State = { m: start.map((a) => new Float64Array(a.length)), v: start.map((a) => new Float64Array(a.length)), t: 0 };
    for (const batch of batches) referenceStep(kind, lr, decay, w, (await autodiffReference(w.map((a) => Float32Array.from(a)), batch)).grads, state);

    const engine = await nodeWasmEngine(threads)({ learningRate: lr, maxBatch: 100, checkpoint: { weights: start, adam: null }, optimizer: kind, weightDecay: decay });
    for (const batch of batches) engine.step(batch.images, batch.labels);
    const { weights, adam } = await engine.checkpoint();
    engine.dispose();
    // Compared on the change, which is what the rule decides (the weights themselves hardly move in
    // two steps). Not tighter: RMSProp and Adam divide by the gradient's own size, so where
    // gradient and decay nearly cancel, 1e-7 differences between two correct gradients move a
    // weight visibly; a missing decay or momentum term is off by 10–30%.
    weights.forEach((after, a) => {
      const moved = after.map((x, i) => x - start[a]![i]!);
      const expected = w[a]!.map((x, i) => x - start[a]![i]!);
      expect(relativeError(moved, expected), `array ${a}`).toBeLessThan(1e-3);
    });
    // Only Adam's state is a checkpoint's to carry.
    expect(adam === null).toBe(kind !== 'adam');
  });

  it('refuses to go on with another optimizer from a checkpoint that holds Adam’s state', async () => {
    const adam = { step: 1, m: initialWeights(1), v: initialWeights(2) };
    await expect(nodeWasmEngine(threads)({ learningRate: 0.1, maxBatch: 100, checkpoint: { weights: initialWeights(0), adam }, optimizer: 'sgd' })).rejects.toThrow(/Adam's state/);
  });
});

it('the tfjs engine, which steps with Adam only, refuses another optimizer, weight decay and dropout by name', async () => {
  const factory = await loadNodeEngine('tfjs-wasm');
  const options = { learningRate: 0.1, maxBatch: 100, checkpoint: { weights: initialWeights(0), adam: null } };
  await expect(factory({ ...options, optimizer: 'momentum' })).rejects.toThrow('the tfjs-wasm engine steps with Adam without weight decay or dropout only');
  await expect(factory({ ...options, weightDecay: 1e-4 })).rejects.toThrow('the tfjs-wasm engine steps with Adam without weight decay or dropout only');
  await expect(factory({ ...options, dropout: 0.5 })).rejects.toThrow('the tfjs-wasm engine steps with Adam without weight decay or dropout only');
});

describe('the WebAssembly engine’s optimizer state over a long run', () => {
  // Wherever a gradient is exactly zero (a unit no digit of the batch activates) the state decays
  // geometrically into subnormal floats, which made every step of a long run six to sixteen times
  // slower on this machine (1.6 ms a step at batch 100 became 9.5 ms after about 900 steps).
  const subnormals = (arrays: Float32Array[]) => arrays.reduce((n, a) => n + a.filter((x) => x !== 0 && Math.abs(x) < 1.1754944e-38).length, 0);
  const train = firstOf(readMnist('train'), 10_000);

  it('Adam: 1,200 steps at batch 10 leave no subnormal float in its moments', async () => {
    const engine = await nodeWasmEngine(1)({ learningRate: 1e-3, maxBatch: 10, checkpoint: { weights: initialWeights(0), adam: null } });
    for (let step = 0; step < 1200; step++) {
      const at = (step * 10) % train.count;
      engine.step(train.images.subarray(at * 784, (at + 10) * 784), train.labels.subarray(at, at + 10));
    }
    const { adam } = await engine.checkpoint();
    engine.dispose();
    expect(subnormals([...adam!.m, ...adam!.v])).toBe(0);
  });
});
