import type { MnistSet } from '../mnist/idx';
import { classCount, inputSize, layerSizes } from '../training/spec';

/** One digit through the article's network, layer by layer. */
export interface Trace {
  /** the first hidden layer after ReLU, float32 [256] */
  h1: Float32Array;
  /** the second hidden layer after ReLU, float32 [128] */
  h2: Float32Array;
  /** float32 [10] */
  logits: Float32Array;
  /** softmax of the logits, float32 [10] */
  probs: Float32Array;
  predicted: number;
}

const [, H1, H2] = layerSizes;

/**
 * Run one digit through the network. weights: [W1, b1, W2, b2, W3, b3] (spec.ts layout);
 * pixels: uint8 [784], MNIST's 0 (background) to 255 (ink), scaled like the article's Normalize to
 * [−1, 1] as training did.
 */
export function traceDigit(weights: readonly Float32Array[], pixels: Uint8Array): Trace {
  const [W1, b1, W2, b2, W3, b3] = weights as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const dense = (x: Float32Array, W: Float32Array, b: Float32Array, n: number, relu: boolean) => {
    const out = Float32Array.from(b);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      for (let j = 0; j < n; j++) out[j]! += xi * W[i * n + j]!;
    }
    if (relu) for (let j = 0; j < n; j++) out[j] = Math.max(0, out[j]!);
    return out;
  };
  const x = Float32Array.from(pixels.subarray(0, inputSize), (p) => p / 127.5 - 1);
  const h1 = dense(x, W1, b1, H1, true);
  const h2 = dense(h1, W2, b2, H2, true);
  const logits = dense(h2, W3, b3, classCount, false);
  const max = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - max));
  const sum = e.reduce((a, b) => a + b, 0);
  const probs = e.map((v) => v / sum);
  return { h1, h2, logits, probs, predicted: logits.indexOf(max) };
}

/**
 * How much each hidden unit adds to class `c`'s logit for this digit. The network is linear once the
 * digit has chosen which ReLUs are open, so the logit splits exactly:
 * z_c = Σⱼ h2ⱼ·W3[j, c] + b3_c, and, through the open units of layer 2,
 * z_c = Σᵢ h1ᵢ·Σⱼ₍open₎ W2[i, j]·W3[j, c] + (Σⱼ₍open₎ b2ⱼ·W3[j, c] + b3_c).
 * Returns float32 [256] and [128] and each layer's constant (what the biases add).
 */
export function contributions(weights: readonly Float32Array[], trace: Trace, c: number): { layer1: Float32Array; layer2: Float32Array; constant1: number; constant2: number } {
  const [, , W2, b2, W3, b3] = weights as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const layer2 = Float32Array.from(trace.h2, (h, j) => h * W3[j * classCount + c]!);
  const through = new Float32Array(H2);
  let constant1 = b3[c]!;
  for (let j = 0; j < H2; j++) {
    if (trace.h2[j]! > 0) {
      through[j] = W3[j * classCount + c]!;
      constant1 += b2[j]! * through[j]!;
    }
  }
  const layer1 = Float32Array.from(trace.h1, (h, i) => {
    if (h === 0) return 0;
    let w = 0;
    for (let j = 0; j < H2; j++) w += W2[i * H2 + j]! * through[j]!;
    return h * w;
  });
  return { layer1, layer2, constant1, constant2: b3[c]! };
}

/** Indices of the `k` largest values, largest first. */
export function topUnits(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i)
    .sort((a, b) => values[b]! - values[a]! || a - b)
    .slice(0, k);
}

/** The 784 weights into first-layer unit `unit`, as a 28×28 image in row-major order: float32 [784]. */
export function unitWeights(W1: Float32Array, unit: number): Float32Array {
  return Float32Array.from({ length: inputSize }, (_, k) => W1[k * H1 + unit]!);
}

/** One test digit seen through the network: what the look inside the network shows for it. */
export interface Look {
  /** 0-based, in the set */
  index: number;
  /** uint8 [784], a copy */
  pixels: Uint8Array;
  label: number;
  trace: Trace;
  /** each unit's exact share of the predicted digit's logit (contributions), float32 [256] and [128] */
  push: { layer1: Float32Array; layer2: Float32Array };
  /** the `top` units of each layer that push the predicted digit most, largest first */
  top1: number[];
  top2: number[];
  /** all 256 first-layer units, largest push first: the grid's order when sorted by push */
  byPush: number[];
}

/** Digit `index` (0-based) of `set` through the network: its trace, every unit's push and the top `top` of each layer. */
export function lookInside(weights: readonly Float32Array[], set: MnistSet, index: number, top: number): Look {
  if (!Number.isInteger(index) || index < 0 || index >= set.count) throw new RangeError(`digit ${index + 1} is not one of the ${set.count} test digits`);
  const pixels = set.images.slice(index * inputSize, (index + 1) * inputSize);
  const trace = traceDigit(weights, pixels);
  const push = contributions(weights, trace, trace.predicted);
  const byPush = topUnits(push.layer1, H1);
  return { index, pixels, label: set.labels[index]!, trace, push: { layer1: push.layer1, layer2: push.layer2 }, top1: byPush.slice(0, top), top2: topUnits(push.layer2, top), byPush };
}
