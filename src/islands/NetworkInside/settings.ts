import type { NumberRule } from '../../lib/number-input';
import { mnistSubsets } from '../../lib/mnist/assets';

/** Which test digit is shown: 1 to the default subset's count. */
export const digitRule = { min: 1, max: mnistSubsets.default.test, integer: true } as const satisfies NumberRule;
/** Units named per layer as pushing the predicted digit most. */
export const topCount = 5;
