import { mulberry32 } from '../nn/prng';

/** The article's network: 784 → 256 → 128 → 10, ReLU between layers, logits out. */
export const layerSizes = [784, 256, 128, 10] as const;
export const layerCount = layerSizes.length - 1;
export const parameterCount = layerSizes.slice(1).reduce((n, out, i) => n + layerSizes[i]! * out + out, 0);
/** Pixels per digit and classes. */
export const inputSize = layerSizes[0];
export const classCount = layerSizes[layerCount];

/**
 * The weight arrays in the order every engine and checkpoint uses: [W1, b1, W2, b2, W3, b3].
 * Kernels are row-major [in, out] (784×256, 256×128, 128×10), biases [out].
 */
export const parameterShapes: readonly (readonly number[])[] = Array.from({ length: layerCount * 2 }, (_, i) => {
  const l = Math.floor(i / 2);
  return i % 2 === 0 ? [layerSizes[l]!, layerSizes[l + 1]!] : [layerSizes[l + 1]!];
});

/** Element count of each weight array, in {@link parameterShapes} order. */
export const parameterLengths: readonly number[] = parameterShapes.map((s) => s.reduce((a, b) => a * b, 1));

/**
 * Fresh weights drawn like PyTorch's nn.Linear default, U(−1/√fan_in, 1/√fan_in) for kernels and
 * biases, from a seeded generator so that runs are repeatable. Returns float32 arrays in
 * {@link parameterShapes} order.
 */
export function initialWeights(seed: number): Float32Array[] {
  const rand = mulberry32(seed);
  return parameterShapes.map((_, i) => {
    const bound = 1 / Math.sqrt(layerSizes[Math.floor(i / 2)]!);
    return Float32Array.from({ length: parameterLengths[i]! }, () => (rand() * 2 - 1) * bound);
  });
}

/** Throws unless `weights` are six float32 arrays of the network's sizes. */
export function checkWeights(weights: readonly Float32Array[]): void {
  if (weights.length !== parameterLengths.length) throw new Error(`expected ${parameterLengths.length} weight arrays, got ${weights.length}`);
  weights.forEach((w, i) => {
    if (w.length !== parameterLengths[i]) throw new Error(`weight array ${i} has ${w.length} values, expected ${parameterLengths[i]}`);
  });
}

/**
 * Floating-point operations of one training sample (a multiply-add counts two): the forward
 * products, the weight gradients of every layer, and the input gradients of every layer but the
 * first (nothing needs the gradient of the pixels). Element-wise work (bias, ReLU, softmax, Adam)
 * is left out: it is under 1% of the count. About 1.0 MFLOP for the article's network.
 */
export const flopsPerSample = (() => {
  let macs = 0;
  for (let l = 0; l < layerCount; l++) {
    const product = layerSizes[l]! * layerSizes[l + 1]!;
    macs += product * (l === 0 ? 2 : 3);
  }
  return 2 * macs;
})();
