import { describe, expect, it } from 'vitest';
import { sigmoid } from '../../src/lib/nn/activations';
import { autodiffGradients } from '../../src/lib/nn/autodiff';
import {
  backward,
  flatten,
  forward,
  gradientStep,
  numericalGradients,
  solveWorkedExample,
  unflatten,
  workedExample,
  type Params,
} from '../../src/lib/nn/network';
import { mulberry32 } from '../../src/lib/nn/prng';

const { params, x, t } = workedExample;

function randomCase(seed: number) {
  const r = mulberry32(seed);
  const v = () => (r() - 0.5) * 4;
  const p: Params = unflatten(Array.from({ length: 14 }, v));
  return { p, x: [v(), v(), v()], t: [r(), r()] };
}

const cases = [
  { name: 'the worked example', p: params as Params, x, t },
  ...[1, 2, 3, 4].map((seed) => ({ name: `random network #${seed}`, ...randomCase(seed) })),
];

describe.each(cases)('gradients of $name', ({ p, x, t }) => {
  const analytic = flatten(backward(p, forward(p, x, t)));

  it('chain rule matches central finite differences', () => {
    const numeric = flatten(numericalGradients(p, x, t));
    analytic.forEach((g, i) => expect(g.value, g.name).toBeCloseTo(numeric[i]!.value, 8));
  });

  it('chain rule matches TensorFlow.js autodiff to 1e-6', async () => {
    const { grads, loss } = await autodiffGradients(p, x, t);
    expect(loss).toBeCloseTo(forward(p, x, t).loss, 6);
    flatten(grads).forEach((g, i) => expect(Math.abs(g.value - analytic[i]!.value), g.name).toBeLessThan(1e-6));
  });
});

describe('the worked example (3-2-2, all weights and biases 1, x = (1, 2, 3), t = (0.5, 0.6))', () => {
  const { before, grads, after } = solveWorkedExample();

  it('uses all three inputs: z¹ = 1 + 2 + 3 + 1 = 7', () => {
    expect(before.z1).toEqual([7, 7]);
    expect(before.h[0]).toBeCloseTo(sigmoid(7), 15);
  });

  it('computes the output layer from the hidden layer', () => {
    expect(before.z2[0]).toBeCloseTo(2 * sigmoid(7) + 1, 14);
    expect(before.y[0]).toBeCloseTo(0.95249, 5);
  });

  it('states its loss: mean squared error over the two outputs', () => {
    const expected = ((before.y[0]! - 0.5) ** 2 + (before.y[1]! - 0.6) ** 2) / 2;
    expect(before.loss).toBeCloseTo(expected, 15);
  });

  it('output-layer gradients are positive (the outputs are too large), unlike the article’s −0.236', () => {
    expect(grads.W2.flat().every((g) => g > 0)).toBe(true);
    expect(grads.b2[0]).toBeCloseTo((before.y[0]! - 0.5) * before.y[0]! * (1 - before.y[0]!), 15);
  });

  it('one gradient step at α = 0.1 lowers the loss', () => {
    expect(after.loss).toBeLessThan(before.loss);
  });

  it('a gradient step moves every parameter against its gradient', () => {
    const moved = flatten(gradientStep(params, grads, 0.5));
    const g = flatten(grads);
    flatten(params).forEach((p0, i) => expect(moved[i]!.value).toBeCloseTo(p0.value - 0.5 * g[i]!.value, 15));
  });
});

describe("the article's arithmetic in 4.3 (each value it prints, recomputed)", () => {
  it.each([
    ['σ(4)', sigmoid(4), 0.982, true],
    ['1·0.982 + 1·0.982 + 1', 0.982 + 0.982 + 1, 3.966, false],
    ['σ(3.966)', sigmoid(3.966), 0.96, false],
    ['1·0.982 + 1·0.960 + 1', 0.982 + 0.96 + 1, 3.942, false],
    ['σ(3.942)', sigmoid(3.942), 0.932, false],
    ['0.5·(1 − 0.932)', 0.5 * (1 - 0.932), -0.236, false],
    ['0.6·(1 − 0.960)', 0.6 * (1 - 0.96), -0.216, false],
  ])('%s = %d (the article prints %d; right: %s)', (_, value, printed, right) => {
    expect(Math.abs(value - printed) < 0.0005).toBe(right);
  });
});
