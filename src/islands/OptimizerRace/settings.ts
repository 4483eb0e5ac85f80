import type { NumberRule } from '../../lib/number-input';
import { mnistSubsets } from '../../lib/mnist/assets';
import type { OptimizerKind } from '../../lib/training/engine';
import { raceDefaults } from '../../lib/training/race';

/**
 * The race's settings and their limits: one source for the MDX props schema (strings.ts) and the
 * fields' inline validation. A learning rate may be set high enough to diverge: seeing that is part
 * of the lesson.
 */
export const raceRules = {
  epochs: { min: 1, max: 20, integer: true },
  learningRate: { min: 0, max: 10, exclusiveMin: true },
} as const satisfies Record<string, NumberRule>;

export const raceOptimizers = raceDefaults.racers.map((r) => r.optimizer) as OptimizerKind[];

/** Default learning rate of each optimizer (Keras's defaults: SGD 0.01, RMSprop and Adam 0.001). */
export const defaultRates = Object.fromEntries(raceDefaults.racers.map((r) => [r.optimizer, r.learningRate])) as Record<OptimizerKind, number>;

/** Steps of one racer in a race of `epochs` epochs on the page's default subset. */
export function raceSteps(epochs: number): number {
  return epochs * Math.floor(mnistSubsets.default.train / raceDefaults.batchSize);
}
