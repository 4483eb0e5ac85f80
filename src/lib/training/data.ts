import type { MnistSet } from '../mnist/idx';
import { inputSize } from './spec';

/** Scale pixels like the article's `Normalize((0.5,), (0.5,))`: p/255 → (p/255 − 0.5)/0.5 ∈ [−1, 1]. */
export function scaleInto(out: Float32Array, images: Uint8Array, indices: ArrayLike<number>, offset = 0): void {
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r]! * inputSize;
    const dst = (offset + r) * inputSize;
    for (let p = 0; p < inputSize; p++) out[dst + p] = images[src + p]! / 127.5 - 1;
  }
}

/** A seeded Fisher–Yates permutation of 0…n−1. */
export function shuffled(n: number, rand: () => number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Fraction of digits whose predicted class is their label. */
export function accuracy(predicted: Uint8Array, labels: Uint8Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

/** 10×10 counts: row = true digit, column = predicted digit. */
export function confusionMatrix(predicted: Uint8Array, labels: Uint8Array): number[][] {
  const m = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]!]![predicted[i]!]!++;
  return m;
}

/** Copy the digits `rows` of a set (pixels and labels) into a batch's buffers. */
export function gather(set: MnistSet, rows: ArrayLike<number>, pixels: Uint8Array, labels: Uint8Array): void {
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    pixels.set(set.images.subarray(i * inputSize, (i + 1) * inputSize), r * inputSize);
    labels[r] = set.labels[i]!;
  }
}

/** Predicted classes for a whole set through `predict`, in batches of 1000. Returns one label per digit. */
export async function predictSet(predict: (pixels: Uint8Array, count: number) => Promise<Uint8Array>, set: MnistSet): Promise<Uint8Array> {
  const out = new Uint8Array(set.count);
  const batch = 1000;
  for (let start = 0; start < set.count; start += batch) {
    const n = Math.min(batch, set.count - start);
    out.set(await predict(set.images.subarray(start * inputSize, (start + n) * inputSize), n), start);
  }
  return out;
}
