import { z } from 'astro/zod';
import { ruleSchema } from '../shared/strings';
import { toyRules } from './settings';

export const trainerStrings = z.object({
  'trainer.title': z.string(),
  'trainer.epochs': z.string(),
  'trainer.learning-rate': z.string(),
  'trainer.seed': z.string(),
  'trainer.start': z.string(),
  'trainer.stop': z.string(),
  'trainer.idle': z.string(),
  'trainer.running': z.string().includes('{{epoch}}'),
  'trainer.finished': z.string().includes('{{epochs}}').includes('{{ms}}'),
  'trainer.stopped': z.string().includes('{{epochs}}'),
  'trainer.failed': z.string().includes('{{message}}'),
  'trainer.chart': z.string(),
  'trainer.chart-empty': z.string(),
  'trainer.loss': z.string(),
  'trainer.epoch': z.string(),
  'trainer.prediction': z.string(),
  'trainer.input': z.string(),
  'trainer.output': z.string(),
  'trainer.target': z.string(),
  'trainer.no-target': z.string(),
});

export type TrainerStrings = z.infer<typeof trainerStrings>;

export const TrainerProps = z.object({
  epochs: ruleSchema(toyRules.epochs).default(1000),
  learningRate: ruleSchema(toyRules.learningRate).default(0.1),
  seed: ruleSchema(toyRules.seed).default(42),
});
