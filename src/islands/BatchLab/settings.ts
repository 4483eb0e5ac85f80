import type { NumberRule } from '../../lib/number-input';
import { batchLabDefaults } from '../../lib/training/batch-lab';

/** The lab's one setting: seconds of training per batch size (the MDX props schema and the field share it). */
export const secondsRule = { min: 0.5, max: 30 } as const satisfies NumberRule;
export const defaultSeconds = batchLabDefaults.seconds;
