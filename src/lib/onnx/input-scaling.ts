import type { MnistSet } from '../mnist/idx';
import { argmaxRows } from './classifier';

/**
 * The input conventions a reader's MNIST model is usually trained with. The page's own pixels are
 * in [0, 1] with ink = 1 (ToTensor); `symmetric` is the article's Normalize((0.5,), (0.5,)),
 * `standard` the MNIST mean and standard deviation (0.1307, 0.3081), `bytes` the raw 0–255.
 * Listed in the order a tie is settled: the page's own first.
 */
export const inputScalings = ['unit', 'symmetric', 'standard', 'bytes'] as const;
export type InputScaling = (typeof inputScalings)[number];

/** Each scaling as x ↦ a·x + b on the page's [0, 1] pixels. */
const affine: Record<InputScaling, readonly [number, number]> = {
  unit: [1, 0],
  symmetric: [2, -1],
  standard: [1 / 0.3081, -0.1307 / 0.3081],
  bytes: [255, 0],
};

/** pixels: float32 [n·784] in [0, 1]; returns a new float32 [n·784] as `scaling` expects (the input itself for `unit`). */
export function scalePixels(pixels: Float32Array, scaling: InputScaling): Float32Array {
  if (scaling === 'unit') return pixels;
  const [a, b] = affine[scaling];
  return pixels.map((x) => a * x + b);
}

export interface ScalingAccuracy {
  scaling: InputScaling;
  /** test digits read correctly, of `count` */
  correct: number;
  count: number;
  /** per test digit, 1 where it was read correctly: uint8 [count] */
  right: Uint8Array;
  /** why the model could not be run this way (e.g. it answers NaN on 0–255 inputs); `correct` is then 0 */
  error?: string;
}

/** Classifies float32 [count·784] pixels as the model expects them; returns probabilities or logits, float32 [count·10]. */
export type RawClassify = (pixels: Float32Array, count: number) => Promise<Float32Array>;

/**
 * Accuracy of a model on `digits` (uint8 images, 0 = background, 255 = ink) under every scaling,
 * `batch` digits per call; `onProgress` hears digits done of digits × scalings. A scaling the model
 * fails on (a thrown call) counts as none correct, with the reason; the others are still measured.
 */
export async function measureScalings(
  classify: RawClassify,
  digits: MnistSet,
  { batch = 100, onProgress }: { batch?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ScalingAccuracy[]> {
  const total = digits.count * inputScalings.length;
  // The page's [0, 1] pixels once, for every scaling.
  const unit = Float32Array.from(digits.images, (v) => v / 255);
  const results: ScalingAccuracy[] = [];
  for (const scaling of inputScalings) {
    const right = new Uint8Array(digits.count);
    let error: string | undefined;
    for (let start = 0; start < digits.count && error === undefined; start += batch) {
      const n = Math.min(batch, digits.count - start);
      try {
        const predicted = argmaxRows(await classify(scalePixels(unit.subarray(start * 784, (start + n) * 784), scaling), n), n);
        for (let i = 0; i < n; i++) if (predicted[i] === digits.labels[start + i]) right[start + i] = 1;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        right.fill(0);
      }
      // A failed scaling skips its remaining digits: progress jumps to its end.
      onProgress?.(error === undefined ? results.length * digits.count + start + n : (results.length + 1) * digits.count, total);
    }
    const correct = right.reduce((sum, r) => sum + r, 0);
    results.push({ scaling, correct, count: digits.count, right, ...(error === undefined ? {} : { error }) });
  }
  return results;
}

/**
 * McNemar's test (with continuity correction) that two scalings' accuracies on the same digits
 * differ by more than chance: only the digits one reads right and the other wrong count.
 * Returns the χ² statistic (1 degree of freedom; above 3.84 means p < 0.05).
 */
export function mcnemar(a: Uint8Array, b: Uint8Array): number {
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && !b[i]) onlyA++;
    else if (b[i] && !a[i]) onlyB++;
  }
  const discordant = onlyA + onlyB;
  return discordant === 0 ? 0 : (Math.abs(onlyA - onlyB) - 1) ** 2 / discordant;
}

/** χ² of McNemar's test at p = 0.05 (one degree of freedom). */
export const significantChiSquare = 3.841;

/**
 * Whether `correct` of `count` ten-way answers are better than guessing: more than three standard
 * deviations above the 10% a guess gets.
 */
export function aboveChance(correct: number, count: number): boolean {
  return correct > count * 0.1 + 3 * Math.sqrt(count * 0.1 * 0.9);
}

/**
 * The scaling to use: the page's own [0, 1] unless the scaling that read the most digits (a tie
 * goes to the earlier in {@link inputScalings}) read significantly more than [0, 1] did, and more
 * than guessing would. An MLP reads digits a little differently scaled almost as well, so a few
 * digits either way are chance; and a model that reads nothing in any scaling is not helped by one.
 */
export function chooseScaling(measured: ScalingAccuracy[]): { scaling: InputScaling; chiSquare: number; aboveChance: boolean } {
  const unit = measured.find((m) => m.scaling === 'unit');
  let best = measured[0];
  if (!unit || !best) throw new Error('[0, 1] was not measured');
  for (const m of measured) if (m.correct > best.correct) best = m;
  const chiSquare = best === unit ? 0 : mcnemar(best.right, unit.right);
  const better = aboveChance(best.correct, best.count);
  const switches = better && best !== unit && best.correct > unit.correct && chiSquare > significantChiSquare;
  return { scaling: switches ? best.scaling : 'unit', chiSquare, aboveChance: better };
}
