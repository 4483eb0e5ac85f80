import { z } from 'astro/zod';
import { ruleSchema } from '../shared/strings';
import { settingDefaults, settingRules } from './settings';

const keys = [
  'title', 'epochs', 'batch-size', 'learning-rate', 'train-count', 'backend', 'backend-auto', 'backend-unknown', 'start', 'pause', 'resume',
  'stop', 'compare', 'idle', 'starting', 'loading-data', 'data-ready', 'data-cached', 'measuring', 'running', 'pausing', 'paused', 'stopping',
  'stopped', 'finished', 'failed', 'eta', 'speed', 'tensors', 'engine-memory', 'backend-using', 'reason.override', 'reason.webgpu-hardware',
  'reason.webgpu-software', 'reason.webgl-hardware', 'reason.no-gpu', 'reason.no-wasm', 'reason.fallback', 'reason.measured', 'timings', 'fallback',
  'loss-chart', 'acc-chart', 'batch-loss', 'epoch-loss', 'train-acc', 'test-acc', 'step', 'epoch', 'loss', 'accuracy',
  'samples', 'predicted', 'actual', 'confusion', 'compare-title', 'compare-running', 'compare-stopped', 'compare-failed',
  'samples-per-second', 'unavailable', 'seconds', 'full-data-note', 'progress', 'export', 'use-here', 'used-here',
  'export-failed', 'crashed', 'unknown-error', 'epoch-done', 'batch-too-large', 'download', 'download-tfjs',
] as const;

export const mnistStrings = z.object(
  Object.fromEntries(keys.map((k) => [`mnist.${k}`, z.string()])) as Record<`mnist.${(typeof keys)[number]}`, z.ZodString>,
);

export type MnistStrings = z.infer<typeof mnistStrings>;

export const MnistProps = z.object({
  epochs: ruleSchema(settingRules.epochs).default(settingDefaults.epochs),
  batchSize: ruleSchema(settingRules.batchSize).default(settingDefaults.batchSize),
  learningRate: ruleSchema(settingRules.learningRate).default(settingDefaults.learningRate),
  trainCount: ruleSchema(settingRules.trainCount).default(settingDefaults.trainCount),
});
