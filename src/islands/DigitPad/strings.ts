import { z } from 'astro/zod';

const keys = [
  'title', 'canvas', 'clear', 'recognize', 'sample', 'sample-shown', 'model', 'model-float', 'model-int8', 'model-page',
  'model-file', 'load-file', 'back', 'empty', 'loading', 'download', 'loading-digits', 'digits-download', 'prediction', 'probabilities', 'input-preview', 'latency', 'latency-js', 'runtime-download',
  'provider', 'threads-on', 'threads-off', 'no-wasm', 'failed', 'not-finite', 'timeout-run', 'using-page', 'using-file',
  'kept', 'opening', 'cancel', 'details', 'error.too-large', 'error.empty', 'error.not-onnx', 'error.input-count',
  'error.input-type', 'error.input-shape', 'error.output-count', 'error.output-shape', 'error.not-finite',
  'error.timeout-load', 'error.timeout-measure', 'error.cancelled', 'runtime.opset', 'runtime.operator', 'runtime.overflow', 'runtime.type',
  'runtime.shape', 'runtime.other', 'compare', 'compare-running', 'compare-title', 'size', 'accuracy', 'latency-median',
  'file-loaded', 'measuring', 'scaling', 'scaling-unit', 'scaling-symmetric', 'scaling-standard', 'scaling-bytes',
  'scaling-measuring', 'scaling-option', 'scaling-option-failed', 'scaling-auto', 'scaling-chosen', 'scaling-kept', 'scaling-chance',
  'scaling-override', 'scaling-failed', 'test-digits', 'locale',
] as const;

export const digitStrings = z.object(
  Object.fromEntries(keys.map((k) => [`digit.${k}`, z.string()])) as Record<`digit.${(typeof keys)[number]}`, z.ZodString>,
);

export type DigitStrings = z.infer<typeof digitStrings>;
