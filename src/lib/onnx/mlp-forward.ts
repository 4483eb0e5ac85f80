import type { DigitClassifier } from './classifier';
import { inspectOnnx } from './inspect';
import { checkFinite } from './runtime-errors';
import { readMlpLayers, type MlpLayer } from './weights';

const f32 = Math.fround;

/** Round to the nearest integer, ties to even (ONNX's rounding for quantization). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * ONNX DynamicQuantizeLinear, as ONNX Runtime computes it: uint8 values over [min(0, x), max(0, x)].
 * x: float32 [n] → q: [n] in 0..255, the scale and the zero point.
 */
function quantizeUint8(x: Float32Array): { q: Uint8Array; scale: number; zeroPoint: number } {
  let min = 0;
  let max = 0;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max === min ? 1 : f32((max - min) / 255);
  const zeroPoint = roundHalfEven(Math.min(255, Math.max(0, f32(0 - f32(min / scale)))));
  const q = Uint8Array.from(x, (v) => Math.min(255, Math.max(0, roundHalfEven(f32(v / scale)) + zeroPoint)));
  return { q, scale, zeroPoint };
}

/**
 * One dense layer over a batch as the file's graph computes it: Gemm, or DynamicQuantizeLinear (one
 * scale for the whole tensor, the batch's rows together, as ONNX defines it) + MatMulInteger and two
 * rescales; then the bias. x: float32 [count, fanIn] → float32 [count, fanOut].
 */
function dense(layer: MlpLayer, x: Float32Array, count: number): Float32Array {
  const n = layer.bias.length;
  const fanIn = x.length / count;
  const out = new Float32Array(count * n);
  const acc = new Float64Array(n);
  const quantized = 'kernel' in layer ? null : quantizeUint8(x);
  const kernel = 'kernel' in layer ? layer.kernel : layer.int8;
  const scales = 'kernel' in layer ? null : layer.scales;
  for (let r = 0; r < count; r++) {
    acc.fill(0);
    for (let i = 0; i < fanIn; i++) {
      // Integers in the quantized case (exact in a double: at most 784 · 255 · 127 in size).
      const xi = quantized ? quantized.q[r * fanIn + i]! - quantized.zeroPoint : x[r * fanIn + i]!;
      if (xi === 0) continue;
      for (let j = 0; j < n; j++) acc[j]! += xi * kernel[i * n + j]!;
    }
    for (let j = 0; j < n; j++) {
      out[r * n + j] = quantized ? f32(f32(f32(acc[j]!) * quantized.scale) * scales![j]!) + layer.bias[j]! : acc[j]! + layer.bias[j]!;
    }
  }
  return out;
}

/**
 * Class probabilities from one of the guide's own MLP files' layers (readMlpLayers), computed in
 * TypeScript the way the file's graph does: pixels scaled from [0, 1] to [−1, 1], two ReLU layers,
 * softmax. pixels: float32 [count, 784], ink = 1. Returns float32 [count, 10].
 */
export function mlpProbabilities(layers: readonly MlpLayer[], pixels: Float32Array, count: number): Float32Array {
  let x: Float32Array = Float32Array.from(pixels, (p) => f32(f32(p * 2) - 1));
  layers.forEach((layer, l) => {
    x = dense(layer, x, count);
    if (l < layers.length - 1) x = x.map((v) => Math.max(0, v));
  });
  for (let r = 0; r < count; r++) {
    const logits = x.subarray(r * 10, r * 10 + 10);
    const max = Math.max(...logits);
    const e = Array.from(logits, (z) => Math.exp(z - max));
    const sum = e.reduce((a, b) => a + b, 0);
    logits.set(e.map((v) => v / sum));
  }
  return x;
}

/**
 * A classifier for one of the guide's own MLP files that needs no ONNX Runtime: the draw-a-digit
 * pad answers with it while the runtime (megabytes) downloads. Throws for any other file.
 */
export function createMlpClassifier(bytes: Uint8Array): DigitClassifier {
  const info = inspectOnnx(bytes);
  const layers = readMlpLayers(bytes);
  return {
    info,
    async classify(pixels, count) {
      if (pixels.length !== count * 784) throw new Error(`expected ${count * 784} pixels, got ${pixels.length}`);
      const probs = mlpProbabilities(layers, pixels, count);
      checkFinite(probs);
      return probs;
    },
    async release() {},
  };
}
