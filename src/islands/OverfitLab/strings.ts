import { z } from 'astro/zod';
import { ruleSchema } from '../shared/strings';
import { overfitRules, overfitSettingDefaults } from './settings';

const keys = [
  'title', 'settings', 'train-count', 'epochs', 'weight-decay', 'dropout', 'patience', 'off-hint', 'start', 'pause', 'resume', 'stop', 'idle', 'starting',
  'loading-data', 'running', 'pausing', 'paused', 'stopping', 'stopped', 'finished', 'failed', 'crashed', 'unknown-error', 'epoch-done', 'engine', 'progress',
  'download', 'acc-chart', 'loss-chart', 'epoch', 'accuracy', 'loss', 'plain-train', 'plain-test', 'reg-train', 'reg-test',
  'table-recorded', 'table-live', 'run', 'plain', 'regularized', 'train-acc', 'test-acc', 'test-loss', 'gap', 'kept', 'at-end',
] as const;

export const overfitStrings = z.object(Object.fromEntries(keys.map((k) => [`overfit.${k}`, z.string()])) as Record<`overfit.${(typeof keys)[number]}`, z.ZodString>);

export type OverfitStrings = z.infer<typeof overfitStrings>;

export const OverfitProps = z.object(
  Object.fromEntries(Object.entries(overfitRules).map(([k, rule]) => [k, ruleSchema(rule).default(overfitSettingDefaults[k as keyof typeof overfitRules])])) as {
    [K in keyof typeof overfitRules]: z.ZodDefault<ReturnType<typeof ruleSchema>>;
  },
);
