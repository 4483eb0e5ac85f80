/**
 * What went wrong inside ONNX Runtime, in words a reader can act on. ORT's messages carry its build
 * paths, C++ signatures and internal exception names ("narrowing_error", "safeint.h:17 … Integer
 * overflow"); the page shows the category and keeps the raw text for a details toggle.
 */
export type RuntimeProblem = 'opset' | 'operator' | 'overflow' | 'type' | 'shape' | 'other';

const patterns: [RuntimeProblem, RegExp][] = [
  ['opset', /opset|operator set|onnx opset versions|ir version/i],
  ['operator', /could not find an implementation|not implemented|unrecognized attribute|no schema registered|no opset import for domain/i],
  ['overflow', /integer overflow|safeint|narrowing_error|out of range|overflow/i],
  ['type', /type (error|mismatch|parameter)|invalid tensor data type|unexpected input data type|elem_type/i],
  ['shape', /shape|dimension|rank|broadcast/i],
];

export function classifyRuntimeError(message: string): RuntimeProblem {
  return patterns.find(([, pattern]) => pattern.test(message))?.[0] ?? 'other';
}

/** Thrown when a model's output holds NaN or ±Infinity: there is no prediction to show. */
export class NonFiniteOutputError extends Error {
  constructor(readonly value: 'NaN' | 'Infinity' | '-Infinity') {
    super(`the model's output contains ${value}`);
    this.name = 'NonFiniteOutputError';
  }
}

/** Throws NonFiniteOutputError unless every value is a finite number. */
export function checkFinite(values: Float32Array): void {
  for (const v of values) {
    if (!Number.isFinite(v)) throw new NonFiniteOutputError(Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');
  }
}
