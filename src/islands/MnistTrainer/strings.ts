import { z } from 'astro/zod';

const keys = [
  'title', 'epochs', 'batch-size', 'learning-rate', 'train-count', 'backend', 'backend-auto', 'start', 'pause', 'resume',
  'stop', 'compare', 'idle', 'loading-data', 'data-ready', 'running', 'paused', 'stopped', 'finished', 'failed', 'eta',
  'speed', 'tensors', 'backend-using', 'reason.override', 'reason.webgpu-hardware', 'reason.webgpu-software',
  'reason.webgl-hardware', 'reason.no-gpu', 'reason.no-wasm', 'fallback', 'loss-chart', 'acc-chart', 'batch-loss',
  'epoch-loss', 'train-acc', 'test-acc', 'step', 'epoch', 'loss', 'accuracy', 'samples', 'predicted', 'actual',
  'confusion', 'compare-title', 'compare-running', 'samples-per-second', 'unavailable', 'seconds', 'full-data-note',
  'progress', 'export', 'use-here', 'used-here', 'export-failed', 'crashed', 'unknown-error', 'epoch-done',
] as const;

export const mnistStrings = z.object(
  Object.fromEntries(keys.map((k) => [`mnist.${k}`, z.string()])) as Record<`mnist.${(typeof keys)[number]}`, z.ZodString>,
);

export type MnistStrings = z.infer<typeof mnistStrings>;

export const MnistProps = z.object({
  epochs: z.number().int().min(1).max(50).default(3),
  batchSize: z.number().int().min(1).max(1000).default(100),
  learningRate: z.number().positive().max(1).default(1e-3),
  trainCount: z.number().int().min(100).max(60_000).default(10_000),
});
