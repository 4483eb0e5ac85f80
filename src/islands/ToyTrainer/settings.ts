import type { NumberRule } from '../../lib/number-input';

/** The toy trainer's limits: one source for the MDX props schema and the fields. */
export const toyRules = {
  epochs: { min: 1, max: 100_000, integer: true },
  learningRate: { min: 0, max: 10, exclusiveMin: true },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
} as const satisfies Record<string, NumberRule>;
