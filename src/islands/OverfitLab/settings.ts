import type { NumberRule } from '../../lib/number-input';
import { mnistSubsets } from '../../lib/mnist/assets';
import { overfitDefaults } from '../../lib/training/overfit-lab';

/** The lab's settings and their limits (the MDX props schema and the fields share them). 0 turns a remedy off. */
export const overfitRules = {
  trainCount: { min: 100, max: mnistSubsets.default.train - overfitDefaults.validationCount, integer: true },
  epochs: { min: 1, max: 100, integer: true },
  weightDecay: { min: 0, max: 1 },
  dropout: { min: 0, max: 0.9 },
  patience: { min: 0, max: 50, integer: true },
} as const satisfies Record<string, NumberRule>;

export const overfitSettingDefaults = {
  trainCount: overfitDefaults.trainCount,
  epochs: overfitDefaults.epochs,
  ...overfitDefaults.regularization,
};

export type OverfitSettings = { [K in keyof typeof overfitRules]: number };
