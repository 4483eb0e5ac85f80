import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/lib/nn/prng';
import { initToyParams, toyDefaults, toyForward, toyGradients, toyStep, trainToy, type ToyParams } from '../../src/lib/nn/toy';

const { X_train, Y_train } = toyDefaults;
const names = ['W1', 'B1', 'W2', 'B2'] as const;
const flat = (p: ToyParams) => names.flatMap((n) => p[n].flat());

describe('the corrected toy network', () => {
  it('initialises like np.random.rand: shapes 3×2, 2, 2×2, 2 and values in [0, 1), the same for the same seed', () => {
    const p = initToyParams(7);
    expect(p.W1.map((r) => r.length)).toEqual([2, 2, 2]);
    expect(p.B1).toHaveLength(2);
    expect(p.W2.map((r) => r.length)).toEqual([2, 2]);
    expect(flat(p).every((v) => v >= 0 && v < 1)).toBe(true);
    expect(initToyParams(7)).toEqual(p);
    expect(initToyParams(8)).not.toEqual(p);
  });

  it('outputs one row of two values for one input row (the article prints a 2×1 column)', () => {
    expect(toyForward(initToyParams(1), X_train).Y).toHaveLength(2);
  });

  it.each([1, 2, 3])('gradients match central differences (seed %d)', (seed) => {
    const p = initToyParams(seed);
    const { grads } = toyGradients(p, X_train, Y_train);
    const base = flat(p);
    const g = flat(grads);
    const rebuild = (v: number[]): ToyParams => ({
      W1: [v.slice(0, 2), v.slice(2, 4), v.slice(4, 6)],
      B1: v.slice(6, 8),
      W2: [v.slice(8, 10), v.slice(10, 12)],
      B2: v.slice(12, 14),
    });
    base.forEach((_, i) => {
      const plus = [...base];
      const minus = [...base];
      plus[i]! += 1e-6;
      minus[i]! -= 1e-6;
      const numeric =
        (toyGradients(rebuild(plus), X_train, Y_train).loss - toyGradients(rebuild(minus), X_train, Y_train).loss) / 2e-6;
      expect(g[i]).toBeCloseTo(numeric, 8);
    });
  });

  it('a step against the gradient lowers the loss', () => {
    const p = initToyParams(3);
    const { loss, grads } = toyGradients(p, X_train, Y_train);
    expect(toyGradients(toyStep(p, grads, 0.1), X_train, Y_train).loss).toBeLessThan(loss);
  });

  it('trains with the listing’s settings (1000 epochs, α = 0.1) until it reproduces the targets', () => {
    const losses: number[] = [];
    const run = trainToy({ epochs: 1000, learningRate: 0.1, seed: toyDefaults.seed });
    let result = run.next();
    while (!result.done) {
      losses.push(result.value.loss);
      result = run.next();
    }
    expect(losses).toHaveLength(1000);
    expect(losses[999]!).toBeLessThan(losses[0]! / 1000);
    const y = toyForward(result.value, X_train).Y;
    expect(y[0]).toBeCloseTo(0.5, 6);
    expect(y[1]).toBeCloseTo(0.6, 6);
  });

  it.each(Array.from({ length: 5 }, (_, i) => i + 100))('converges from other seeds too (seed %d)', (seed) => {
    let last = Infinity;
    for (const { loss } of trainToy({ epochs: 3000, learningRate: 0.1, seed })) last = loss;
    expect(last).toBeLessThan(1e-6);
  });

  it('the generator can be stopped early, as the page’s Stop button does', () => {
    let seen = 0;
    for (const { epoch } of trainToy({ epochs: 1000, learningRate: 0.1, seed: 1 })) {
      seen = epoch;
      if (epoch === 10) break;
    }
    expect(seen).toBe(10);
  });
});

describe('mulberry32', () => {
  it('is deterministic and uniform-looking', () => {
    const r = mulberry32(123);
    const xs = Array.from({ length: 10_000 }, r);
    expect(mulberry32(123)()).toBe(xs[0]);
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});
