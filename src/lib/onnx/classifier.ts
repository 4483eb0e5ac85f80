import type * as Ort from 'onnxruntime-web';
import type { MnistSet } from '../mnist/idx';
import { inspectOnnx, type ModelInfo } from './inspect';
import { checkFinite } from './runtime-errors';

/** The onnxruntime-web module: imported from npm in Node, from the site's self-hosted copy in the browser. */
export type OrtModule = typeof Ort;

export interface ClassifierOptions {
  /** ORT execution providers in order of preference, e.g. ['webgpu', 'wasm'] */
  executionProviders?: ('webgpu' | 'wasm')[];
}

export interface DigitClassifier {
  info: ModelInfo;
  /**
   * Class probabilities. pixels: float32 [count, 784], row-major 28×28 digits in [0, 1] with ink = 1.
   * Returns float32 [count, 10]; a model that outputs logits is passed through softmax. Throws
   * NonFiniteOutputError when the model's output holds NaN or infinity.
   */
  classify(pixels: Float32Array, count: number): Promise<Float32Array>;
  release(): Promise<void>;
}

/** Validate an ONNX model (see inspectOnnx) and open an ORT session on it. */
export async function createClassifier(ort: OrtModule, bytes: Uint8Array, options: ClassifierOptions = {}): Promise<DigitClassifier> {
  const info = inspectOnnx(bytes);
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: options.executionProviders ?? ['wasm'],
    graphOptimizationLevel: 'all',
    // ORT reports harmless graph rewrites ("Removing initializer …") as warnings on the console.
    logSeverityLevel: 3,
  });
  const runOnce = async (pixels: Float32Array, count: number): Promise<Float32Array> => {
    const dims = info.layout === 'flat' ? [count, 784] : [count, 1, 28, 28];
    const input = new ort.Tensor('float32', pixels, dims);
    const results = await session.run({ [info.inputName]: input });
    const output = results[info.outputName]!;
    try {
      // ORT hands back its own copy of the output (taken from the WebAssembly heap), so it can be reused.
      const data = output.data as Float32Array;
      checkFinite(data);
      return asProbabilities(data, count);
    } finally {
      input.dispose();
      output.dispose();
    }
  };
  return {
    info,
    async classify(pixels, count) {
      if (pixels.length !== count * 784) throw new Error(`expected ${count * 784} pixels, got ${pixels.length}`);
      if (info.batched || count === 1) return runOnce(pixels, count);
      const out = new Float32Array(count * 10);
      for (let i = 0; i < count; i++) out.set(await runOnce(pixels.subarray(i * 784, (i + 1) * 784), 1), i * 10);
      return out;
    },
    release: () => session.release(),
  };
}

/** Rows that are already probabilities stay as they are; any other row (logits) gets a softmax. rows: [count, 10]. */
export function asProbabilities(rows: Float32Array, count: number): Float32Array {
  for (let r = 0; r < count; r++) {
    const row = rows.subarray(r * 10, r * 10 + 10);
    const sum = row.reduce((s, v) => s + v, 0);
    if (row.every((v) => v >= 0 && v <= 1) && Math.abs(sum - 1) < 1e-3) continue;
    const max = Math.max(...row);
    let total = 0;
    for (let i = 0; i < 10; i++) total += row[i] = Math.exp(row[i]! - max);
    for (let i = 0; i < 10; i++) row[i]! /= total;
  }
  return rows;
}

/** The most probable digit of each row. probs: [count, 10] → [count]. */
export function argmaxRows(probs: Float32Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    let best = 0;
    for (let i = 1; i < 10; i++) if (probs[r * 10 + i]! > probs[r * 10 + best]!) best = i;
    out[r] = best;
  }
  return out;
}

/** MNIST digits as the classifier's input: pixels p/255, float32 [count, 784]. */
export function pixelsOf(set: MnistSet, start = 0, count = set.count - start): Float32Array {
  const out = new Float32Array(count * 784);
  const src = set.images.subarray(start * 784, (start + count) * 784);
  for (let i = 0; i < out.length; i++) out[i] = src[i]! / 255;
  return out;
}

/** Predicted digits for a whole set, in batches. */
export async function classifySet(classifier: DigitClassifier, set: MnistSet, batch = 1000): Promise<Uint8Array> {
  const predicted = new Uint8Array(set.count);
  for (let start = 0; start < set.count; start += batch) {
    const count = Math.min(batch, set.count - start);
    predicted.set(argmaxRows(await classifier.classify(pixelsOf(set, start, count), count), count), start);
  }
  return predicted;
}
