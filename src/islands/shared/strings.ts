import { z } from 'astro/zod';
import type { NumberRule } from '../../lib/number-input';

/** Strings every island with number fields uses for their inline errors. */
export const fieldStrings = z.object({
  'field.empty': z.string(),
  'field.not-a-number': z.string(),
  'field.not-finite': z.string(),
  'field.too-small': z.string().includes('{{min}}'),
  'field.too-small-exclusive': z.string().includes('{{min}}'),
  'field.too-large': z.string().includes('{{max}}'),
  'field.not-integer': z.string(),
  'field.comma': z.string(),
});

export type FieldStrings = z.infer<typeof fieldStrings>;

/** Strings of a heavy download's progress bar and its failure (shared/DownloadProgress.tsx). */
export const downloadStrings = z.object({
  'download.progress': z.string().includes('{{what}}').includes('{{done}}').includes('{{total}}'),
  'download.failed': z.string().includes('{{what}}').includes('{{message}}'),
  'download.retry': z.string(),
});

export type DownloadStrings = z.infer<typeof downloadStrings>;

/**
 * Read an island's strings for the page's locale at build time. `t` is Starlight's translation
 * function (`Astro.locals.t`); the schema's keys say which strings the island needs.
 */
export function pickStrings<Shape extends z.ZodRawShape>(
  t: (key: Extract<keyof Shape, string>) => string,
  schema: z.ZodObject<Shape>,
): { [K in keyof Shape]: string } {
  const keys = Object.keys(schema.shape) as Extract<keyof Shape, string>[];
  return Object.fromEntries(keys.map((key) => [key, t(key)])) as { [K in keyof Shape]: string };
}

/** The Zod schema of a numeric prop with the same limits as the field that edits it. */
export function ruleSchema(rule: NumberRule) {
  let schema = rule.integer ? z.number().int() : z.number();
  schema = rule.exclusiveMin ? schema.gt(rule.min) : schema.min(rule.min);
  return schema.max(rule.max);
}
