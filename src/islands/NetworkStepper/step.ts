import { forward, gradientStep, type Gradients, type Params } from '../../lib/nn/network';

/** The fields' limits: every value the reader can type, and every value a step may write. */
export const valueRule = { min: -1000, max: 1000 };
export const rateRule = { min: 0, max: 100, exclusiveMin: true };

const sub = (i: number) => '₀₁₂₃'[i + 1];

/** Each parameter with its subscripted name (W¹₁₂ is row 1, column 2), in the order the page lists them. */
export function namedParameters(params: Params): { name: string; value: number }[] {
  return [
    ...params.W1.flatMap((row, j) => row.map((value, i) => ({ name: `W¹${sub(j)}${sub(i)}`, value }))),
    ...params.b1.map((value, j) => ({ name: `b¹${sub(j)}`, value })),
    ...params.W2.flatMap((row, j) => row.map((value, i) => ({ name: `W²${sub(j)}${sub(i)}`, value }))),
    ...params.b2.map((value, j) => ({ name: `b²${sub(j)}`, value })),
  ];
}

export type StepOutcome =
  | { ok: true; params: Params; before: number; after: number; direction: 'down' | 'up' | 'same' }
  | { ok: false; name: string; value: number };

/**
 * One gradient-descent step, θ ← θ − α ∂L/∂θ, and which way the loss went. A step that would put
 * a parameter outside the fields' range is not taken: the page could not show it as a valid value.
 */
export function takeStep(params: Params, grads: Gradients, learningRate: number, x: number[], t: number[], before: number): StepOutcome {
  const next = gradientStep(params, grads, learningRate);
  const outside = namedParameters(next).find((p) => !(p.value >= valueRule.min && p.value <= valueRule.max));
  if (outside) return { ok: false, name: outside.name, value: outside.value };
  const after = forward(next, x, t).loss;
  return { ok: true, params: next, before, after, direction: after < before ? 'down' : after > before ? 'up' : 'same' };
}
