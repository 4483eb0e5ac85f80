import { describe, expect, it } from 'vitest';
import {
  activations,
  articleTanhPrime,
  relu,
  sample,
  sigmoid,
  tanh,
  tanhPrime,
} from '../../src/lib/nn/activations';

const central = (f: (x: number) => number, x: number, h = 1e-5) => (f(x + h) - f(x - h)) / (2 * h);

describe('activation values', () => {
  it.each([
    [0, 0.5, 0, 0],
    [1, 0.7310585786300049, 1, 0.7615941559557649],
    [-2, 0.11920292202211755, 0, -0.9640275800758169],
    [4, 0.9820137900379085, 4, 0.999329299739067],
  ])('at x = %d: σ, ReLU, tanh', (x, s, r, t) => {
    expect(sigmoid(x)).toBeCloseTo(s, 14);
    expect(relu(x)).toBe(r);
    expect(tanh(x)).toBeCloseTo(t, 14);
  });

  it('σ does not overflow for large |x|', () => {
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(Number.isNaN(sigmoid(-800))).toBe(false);
  });
});

describe.each(Object.values(activations))('$name derivative', ({ f, df, name }) => {
  it.each([-3.7, -1, -0.25, 0.3, 1, 2.5, 6])('matches central differences at x = %d', (x) => {
    expect(df(x)).toBeCloseTo(central(f, x), 8);
  });
  it.runIf(name === 'relu')('is 0 at x = 0, as the article states', () => {
    expect(df(0)).toBe(0);
  });
});

describe("the article's tanh' formula", () => {
  it('agrees with the true derivative only at x = 0', () => {
    expect(articleTanhPrime(0)).toBe(tanhPrime(0));
    for (const x of [-2, -0.5, 0.5, 1, 2]) expect(Math.abs(articleTanhPrime(x) - tanhPrime(x))).toBeGreaterThan(0.01);
  });
  it('is off by a factor 1 + tanh²(x): 0.266 instead of 0.420 at x = 1', () => {
    expect(tanhPrime(1)).toBeCloseTo(0.41997434161402614, 14);
    expect(articleTanhPrime(1)).toBeCloseTo(0.2658, 4);
    expect(tanhPrime(1) / articleTanhPrime(1)).toBeCloseTo(1 + tanh(1) ** 2, 12);
  });
});

describe('sample', () => {
  it('spaces points evenly and includes both ends', () => {
    const { xs, ys } = sample((x) => 2 * x, -1, 1, 5);
    expect(xs).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(ys).toEqual([-2, -1, 0, 1, 2]);
  });
});
