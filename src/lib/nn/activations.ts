/**
 * The three activation functions of the article's section 4.1.1 and their derivatives.
 * All functions take and return plain float64 scalars.
 */

export type ActivationName = 'sigmoid' | 'relu' | 'tanh';

/** σ(x) = 1 / (1 + e^(−x)), written so that large |x| never overflows `Math.exp`. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** σ'(x) = σ(x)·(1 − σ(x)). */
export function sigmoidPrime(x: number): number {
  const s = sigmoid(x);
  return s * (1 - s);
}

/** ReLU(x) = max(0, x). */
export function relu(x: number): number {
  return x > 0 ? x : 0;
}

/** ReLU'(x): 1 for x > 0, else 0 (the article's convention at x = 0, which is also numpy's `H > 0`). */
export function reluPrime(x: number): number {
  return x > 0 ? 1 : 0;
}

/** tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ). */
export function tanh(x: number): number {
  return Math.tanh(x);
}

/** tanh'(x) = 1 − tanh²(x). */
export function tanhPrime(x: number): number {
  const t = Math.tanh(x);
  return 1 - t * t;
}

/**
 * The derivative the article prints in 4.2.3 and 4.2.5, (1 − tanh²x) / (1 + tanh²x).
 * Kept only to show the reader how far it is from the true derivative.
 */
export function articleTanhPrime(x: number): number {
  const t = Math.tanh(x);
  return (1 - t * t) / (1 + t * t);
}

export interface Activation {
  name: ActivationName;
  f: (x: number) => number;
  df: (x: number) => number;
}

export const activations: Record<ActivationName, Activation> = {
  sigmoid: { name: 'sigmoid', f: sigmoid, df: sigmoidPrime },
  relu: { name: 'relu', f: relu, df: reluPrime },
  tanh: { name: 'tanh', f: tanh, df: tanhPrime },
};

/**
 * `count` evenly spaced samples of `fn` on [from, to] (both ends included).
 * @returns xs and ys, each of length `count` (count >= 2).
 */
export function sample(fn: (x: number) => number, from: number, to: number, count: number): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = from + ((to - from) * i) / (count - 1);
    xs.push(x);
    ys.push(fn(x));
  }
  return { xs, ys };
}
