import { z } from 'astro/zod';
import { ruleSchema } from '../shared/strings';
import { digitRule } from './settings';

const keys = [
  'title', 'open', 'idle', 'download', 'digit', 'another', 'model', 'model-shipped', 'model-page', 'sort', 'sort-push', 'sort-unit', 'digit-image',
  'prediction', 'grid', 'grid-label', 'grid-keys', 'picked', 'problem', 'unknown-error', 'layer1', 'layer2', 'layer1-short', 'layer2-short', 'top', 'unit-push', 'separator',
] as const;

export const insideStrings = z.object(Object.fromEntries(keys.map((k) => [`inside.${k}`, z.string()])) as Record<`inside.${(typeof keys)[number]}`, z.ZodString>);

export type InsideStrings = z.infer<typeof insideStrings>;

export const InsideProps = z.object({ digit: ruleSchema(digitRule).default(1) });
