import { z } from 'astro/zod';
import { ruleSchema } from '../shared/strings';
import { optimizerKinds } from '../../lib/training/engine';
import { raceDefaults } from '../../lib/training/race';
import { defaultRates, raceRules } from './settings';

const keys = [
  'title', 'settings', 'epochs', 'learning-rate', 'start', 'pause', 'resume', 'stop', 'idle', 'starting', 'loading-data', 'running', 'pausing',
  'paused', 'stopping', 'stopped', 'stopped-early', 'finished', 'failed', 'crashed', 'unknown-error', 'epoch-done', 'engine', 'progress', 'speed', 'download',
  'loss-chart', 'loss-chart-recorded', 'loss', 'step', 'table-recorded', 'table-live', 'optimizer', 'test-acc-epoch', 'train-loss', 'diverged', 'learning-rate-of',
  ...optimizerKinds.map((k) => `name.${k}` as const),
] as const;

export const raceStrings = z.object(Object.fromEntries(keys.map((k) => [`race.${k}`, z.string()])) as Record<`race.${(typeof keys)[number]}`, z.ZodString>);

export type RaceStrings = z.infer<typeof raceStrings>;

const rate = ruleSchema(raceRules.learningRate);

/** What an MDX page may set: the epochs and each optimizer's learning rate (the recorded run's by default). */
export const RaceProps = z.object({
  epochs: ruleSchema(raceRules.epochs).default(raceDefaults.epochs),
  sgd: rate.default(defaultRates.sgd),
  momentum: rate.default(defaultRates.momentum),
  rmsprop: rate.default(defaultRates.rmsprop),
  adam: rate.default(defaultRates.adam),
});
