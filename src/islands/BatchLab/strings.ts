import { z } from 'astro/zod';
import { ruleSchema } from '../shared/strings';
import { defaultSeconds, secondsRule } from './settings';

const keys = [
  'title', 'seconds', 'start', 'pause', 'resume', 'stop', 'idle', 'starting', 'loading-data', 'running', 'pausing', 'paused', 'stopping', 'stopped', 'finished', 'failed', 'crashed',
  'unknown-error', 'size-done', 'engine', 'progress', 'download', 'table-recorded', 'table-live', 'batch-size', 'steps', 'speed', 'epoch-time',
  'epochs', 'loss', 'test-acc', 'best',
] as const;

export const batchStrings = z.object(Object.fromEntries(keys.map((k) => [`batch.${k}`, z.string()])) as Record<`batch.${(typeof keys)[number]}`, z.ZodString>);

export type BatchStrings = z.infer<typeof batchStrings>;

/** What an MDX page may set: the seconds of training per batch size. */
export const BatchLabProps = z.object({
  seconds: ruleSchema(secondsRule).default(defaultSeconds),
});
