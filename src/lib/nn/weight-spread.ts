import { inputSize, layerSizes } from '../training/spec';
import { traceDigit } from './inside';

/**
 * How far training moved the first layer's weights where MNIST never has ink, against where it often
 * does. W1: float32 [784, 256]; images: uint8 [count, 784] (the training digits). With the article's
 * Normalize a blank pixel is −1, not 0, so its weights still get a gradient, but the same one for
 * every blank pixel of a unit (−∂L/∂b): they move together and keep the spread they were drawn with.
 * Returns the pixel counts and the mean over units of each group's standard deviation, and the spread
 * PyTorch's initialization draws with (U(±1/√784): 1/(28·√3)).
 */
export function weightSpread(W1: Float32Array, images: Uint8Array, count: number, often = 0.2) {
  const units = layerSizes[1];
  const inked = new Float64Array(inputSize);
  for (let i = 0; i < count; i++) for (let k = 0; k < inputSize; k++) if (images[i * inputSize + k]! > 0) inked[k]!++;
  const never = [...inked.keys()].filter((k) => inked[k] === 0);
  const frequent = [...inked.keys()].filter((k) => inked[k]! > often * count);
  const spread = (pixels: number[]) => {
    let total = 0;
    for (let u = 0; u < units; u++) {
      const v = pixels.map((k) => W1[k * units + u]!);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      total += Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    }
    return total / units;
  };
  return { neverInked: never.length, oftenInked: frequent.length, often, spreadNever: spread(never), spreadOften: spread(frequent), initialSpread: 1 / Math.sqrt(inputSize) / Math.sqrt(3) };
}

/**
 * First-layer units whose ReLU stays closed on every one of `count` digits (uint8 [count, 784]), and
 * the mean spread (standard deviation over all 784 inputs) of their weights. A unit closed on every
 * digit gets no gradient: its weights are the ones it was initialized with.
 */
export function closedUnits(weights: readonly Float32Array[], images: Uint8Array, count: number) {
  const units = layerSizes[1];
  const open = new Uint32Array(units);
  for (let d = 0; d < count; d++) traceDigit(weights, images.subarray(d * inputSize, (d + 1) * inputSize)).h1.forEach((h, i) => h > 0 && open[i]!++);
  const closed = [...open.keys()].filter((i) => open[i] === 0);
  const W1 = weights[0]!;
  let spread = 0;
  for (const u of closed) {
    const v = Array.from({ length: inputSize }, (_, k) => W1[k * units + u]!);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    spread += Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) / closed.length;
  }
  return { closedUnits: closed.length, closedOn: count, closedSpread: spread };
}
