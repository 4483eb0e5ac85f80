import type { NumberRule } from '../../lib/number-input';

/**
 * The trainer's settings and their limits: one source for the MDX props schema (strings.ts) and
 * for the fields' inline validation. Props are checked at build time; fields as the reader types.
 */
export const settingRules = {
  epochs: { min: 1, max: 50, integer: true },
  batchSize: { min: 1, max: 1000, integer: true },
  learningRate: { min: 0, max: 1, exclusiveMin: true },
  trainCount: { min: 100, max: 60_000, integer: true },
} as const satisfies Record<string, NumberRule>;

export const settingDefaults = { epochs: 3, batchSize: 100, learningRate: 1e-3, trainCount: 10_000 } as const;

export type RunSettings = { [K in keyof typeof settingRules]: number };

/** Training digits above which the page downloads the full data set instead of the light default. */
export const defaultSubsetSize = 10_000;

/** Steps one run makes: whole batches per epoch (a last partial batch is dropped) times epochs. */
export function totalSteps(run: RunSettings): number {
  return run.epochs * Math.floor(run.trainCount / run.batchSize);
}
