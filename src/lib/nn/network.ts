import { sigmoid } from './activations';

/**
 * The small network of the article's section 4.3, made consistent: 3 inputs, 2 hidden sigmoid
 * neurons, 2 sigmoid outputs (the article describes 3 inputs but gives 2×2 first-layer weights and
 * computes the hidden layer with the output weights). Column-vector convention:
 *   z¹ = W¹x + b¹,  h = σ(z¹),  z² = W²h + b²,  y = σ(z²),  L = ½ Σₖ (yₖ − tₖ)²
 * The loss is the mean squared error over the two outputs (mean of two squares = half their sum).
 * Everything is plain float64 arrays; `W[j][i]` is the weight from neuron i of the previous layer
 * to neuron j of this one.
 */
export interface Params {
  /** 2×3, hidden ← input. */
  W1: number[][];
  /** length 2. */
  b1: number[];
  /** 2×2, output ← hidden. */
  W2: number[][];
  /** length 2. */
  b2: number[];
}

/** Every intermediate value of one forward pass. */
export interface Forward {
  /** input, length 3 */
  x: number[];
  /** hidden pre-activations W¹x + b¹, length 2 */
  z1: number[];
  /** hidden activations σ(z¹), length 2 */
  h: number[];
  /** output pre-activations W²h + b², length 2 */
  z2: number[];
  /** outputs σ(z²), length 2 */
  y: number[];
  /** targets, length 2 */
  t: number[];
  /** mean squared error ½ Σ (y − t)² */
  loss: number;
}

/** ∂L/∂(every parameter), same shapes as {@link Params}, plus the layer errors δ = ∂L/∂z. */
export interface Gradients extends Params {
  /** ∂L/∂z², length 2 */
  delta2: number[];
  /** ∂L/∂z¹, length 2 */
  delta1: number[];
}

const affine = (W: number[][], v: number[], b: number[]) =>
  W.map((row, j) => row.reduce((sum, w, i) => sum + w * v[i]!, b[j]!));

/** Mean squared error over the outputs: (1/K) Σₖ (yₖ − tₖ)², K = 2. */
export function mse(y: number[], t: number[]): number {
  return y.reduce((sum, yk, k) => sum + (yk - t[k]!) ** 2, 0) / y.length;
}

/** One forward pass. x: length 3, t: length 2. */
export function forward(params: Params, x: number[], t: number[]): Forward {
  const z1 = affine(params.W1, x, params.b1);
  const h = z1.map(sigmoid);
  const z2 = affine(params.W2, h, params.b2);
  const y = z2.map(sigmoid);
  return { x, z1, h, z2, y, t, loss: mse(y, t) };
}

/**
 * The backward pass written out with the chain rule:
 *   δ² = ∂L/∂y ⊙ σ'(z²) = (2/K)(y − t) ⊙ y(1 − y)
 *   ∂L/∂W²ⱼᵢ = δ²ⱼ hᵢ,  ∂L/∂b² = δ²
 *   δ¹ = (W²)ᵀδ² ⊙ h(1 − h)
 *   ∂L/∂W¹ⱼᵢ = δ¹ⱼ xᵢ,  ∂L/∂b¹ = δ¹
 */
export function backward(params: Params, f: Forward): Gradients {
  const K = f.y.length;
  const delta2 = f.y.map((yk, k) => ((2 / K) * (yk - f.t[k]!)) * yk * (1 - yk));
  const W2 = delta2.map((d) => f.h.map((hi) => d * hi));
  const delta1 = f.h.map((hj, j) => delta2.reduce((sum, d, k) => sum + params.W2[k]![j]! * d, 0) * hj * (1 - hj));
  const W1 = delta1.map((d) => f.x.map((xi) => d * xi));
  return { W1, b1: [...delta1], W2, b2: [...delta2], delta1, delta2 };
}

/** One step of gradient descent: θ ← θ − α ∂L/∂θ. Returns new parameters; the input is untouched. */
export function gradientStep(params: Params, grads: Params, learningRate: number): Params {
  const vec = (p: number[], g: number[]) => p.map((v, i) => v - learningRate * g[i]!);
  const mat = (p: number[][], g: number[][]) => p.map((row, j) => vec(row, g[j]!));
  return { W1: mat(params.W1, grads.W1), b1: vec(params.b1, grads.b1), W2: mat(params.W2, grads.W2), b2: vec(params.b2, grads.b2) };
}

/** The parameters as one flat list with readable names, in a fixed order (W1, b1, W2, b2). */
export function flatten(params: Params): { name: string; value: number }[] {
  return [
    ...params.W1.flatMap((row, j) => row.map((value, i) => ({ name: `W1[${j}][${i}]`, value }))),
    ...params.b1.map((value, j) => ({ name: `b1[${j}]`, value })),
    ...params.W2.flatMap((row, j) => row.map((value, i) => ({ name: `W2[${j}][${i}]`, value }))),
    ...params.b2.map((value, j) => ({ name: `b2[${j}]`, value })),
  ];
}

/** Inverse of {@link flatten} for the same network shape. */
export function unflatten(values: number[]): Params {
  const v = [...values];
  const take = (n: number) => v.splice(0, n);
  return { W1: [take(3), take(3)], b1: take(2), W2: [take(2), take(2)], b2: take(2) };
}

/** Central finite differences (L(θ+ε) − L(θ−ε)) / 2ε for every parameter; an independent check of {@link backward}. */
export function numericalGradients(params: Params, x: number[], t: number[], epsilon = 1e-6): Params {
  const base = flatten(params).map((p) => p.value);
  const grads = base.map((_, i) => {
    const plus = [...base];
    const minus = [...base];
    plus[i]! += epsilon;
    minus[i]! -= epsilon;
    return (forward(unflatten(plus), x, t).loss - forward(unflatten(minus), x, t).loss) / (2 * epsilon);
  });
  return unflatten(grads);
}

/** The article's example, corrected: every weight and bias 1, input (1, 2, 3), targets (0.5, 0.6). */
export const workedExample = {
  params: { W1: [[1, 1, 1], [1, 1, 1]], b1: [1, 1], W2: [[1, 1], [1, 1]], b2: [1, 1] } satisfies Params,
  x: [1, 2, 3],
  t: [0.5, 0.6],
  learningRate: 0.1,
};

/** Everything the chapter quotes about the worked example, computed once. */
export function solveWorkedExample(example = workedExample) {
  const before = forward(example.params, example.x, example.t);
  const grads = backward(example.params, before);
  const updated = gradientStep(example.params, grads, example.learningRate);
  const after = forward(updated, example.x, example.t);
  return { before, grads, updated, after };
}
