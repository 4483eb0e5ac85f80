import { relu, reluPrime, sigmoid } from './activations';
import { mulberry32 } from './prng';

/**
 * The toy network of the article's section 4.4, corrected so it runs: one training row
 * x (1×3) → H = ReLU(x·W1 + B1) (1×2) → Y = σ(H·W2 + B2) (1×2), trained by gradient descent on the
 * mean squared error to the targets (0.5, 0.6). Row-vector convention, as in the numpy listing:
 * W1 is 3×2 and W2 is 2×2, `W[i][j]` connects input i to neuron j. Plain float64 arrays.
 */
export interface ToyParams {
  /** 3×2 */
  W1: number[][];
  /** length 2 */
  B1: number[];
  /** 2×2 */
  W2: number[][];
  /** length 2 */
  B2: number[];
}

export interface ToyState {
  /** pre-activations of the hidden layer, length 2 */
  Z1: number[];
  /** hidden activations, length 2 */
  H: number[];
  /** outputs, length 2 */
  Y: number[];
}

export const toyDefaults = {
  X_train: [1, 2, 3],
  Y_train: [0.5, 0.6],
  X_test: [4, 5, 6],
  epochs: 1000,
  learningRate: 0.1,
  seed: 42,
};

/** Initial weights uniform in [0, 1), like the listing's `np.random.rand`, from a seeded generator. */
export function initToyParams(seed: number): ToyParams {
  const rand = mulberry32(seed);
  const matrix = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, rand));
  return { W1: matrix(3, 2), B1: matrix(1, 2)[0]!, W2: matrix(2, 2), B2: matrix(1, 2)[0]! };
}

/** v (length n) times M (n×m), plus b (length m). */
const rowTimes = (v: number[], M: number[][], b: number[]) => b.map((bj, j) => v.reduce((s, vi, i) => s + vi * M[i]![j]!, bj));

/** Forward pass for one input row x (length 3). */
export function toyForward(p: ToyParams, x: number[]): ToyState {
  const Z1 = rowTimes(x, p.W1, p.B1);
  const H = Z1.map(relu);
  const Y = rowTimes(H, p.W2, p.B2).map(sigmoid);
  return { Z1, H, Y };
}

/** Mean squared error between outputs and targets (both length 2). */
export function toyLoss(Y: number[], T: number[]): number {
  return Y.reduce((s, y, k) => s + (y - T[k]!) ** 2, 0) / Y.length;
}

/**
 * Loss and exact gradients for one row (the chain rule; this is what the listing's `backward` tries to do):
 *   δ2 = (2/K)(Y − T) ⊙ Y(1 − Y),  dW2 = Hᵀ δ2,  dB2 = δ2
 *   δ1 = (δ2 · W2ᵀ) ⊙ [Z1 > 0],     dW1 = xᵀ δ1,  dB1 = δ1
 */
export function toyGradients(p: ToyParams, x: number[], T: number[]): { loss: number; state: ToyState; grads: ToyParams } {
  const state = toyForward(p, x);
  const { Z1, H, Y } = state;
  const d2 = Y.map((y, k) => (2 / Y.length) * (y - T[k]!) * y * (1 - y));
  const d1 = H.map((_, i) => d2.reduce((s, d, j) => s + d * p.W2[i]![j]!, 0) * reluPrime(Z1[i]!));
  const outer = (a: number[], b: number[]) => a.map((ai) => b.map((bj) => ai * bj));
  return { loss: toyLoss(Y, T), state, grads: { W1: outer(x, d1), B1: d1, W2: outer(H, d2), B2: d2 } };
}

/** θ ← θ − α·∂L/∂θ for every parameter; returns new parameters. */
export function toyStep(p: ToyParams, g: ToyParams, learningRate: number): ToyParams {
  const vec = (a: number[], b: number[]) => a.map((v, i) => v - learningRate * b[i]!);
  return {
    W1: p.W1.map((row, i) => vec(row, g.W1[i]!)),
    B1: vec(p.B1, g.B1),
    W2: p.W2.map((row, i) => vec(row, g.W2[i]!)),
    B2: vec(p.B2, g.B2),
  };
}

export interface ToyEpoch {
  /** 1-based */
  epoch: number;
  /** loss before this epoch's update */
  loss: number;
  /** parameters after this epoch's update */
  params: ToyParams;
}

/**
 * Training as a generator: one item per epoch. The caller decides the pace (the example runs it to
 * the end; the page's worker pauses between chunks so it can be watched and stopped).
 */
export function* trainToy(options: {
  epochs: number;
  learningRate: number;
  seed: number;
  x?: number[];
  t?: number[];
}): Generator<ToyEpoch, ToyParams, void> {
  const x = options.x ?? toyDefaults.X_train;
  const t = options.t ?? toyDefaults.Y_train;
  let params = initToyParams(options.seed);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const { loss, grads } = toyGradients(params, x, t);
    params = toyStep(params, grads, options.learningRate);
    yield { epoch, loss, params };
  }
  return params;
}

/** Run {@link trainToy} to the end and return the trained parameters. */
export function trainToyToEnd(options: Parameters<typeof trainToy>[0]): ToyParams {
  const run = trainToy(options);
  let result = run.next();
  while (!result.done) result = run.next();
  return result.value;
}
