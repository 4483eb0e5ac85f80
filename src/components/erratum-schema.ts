import { z } from 'astro/zod';

/** What kind of mistake an erratum corrects; the label is shown on the box and the index. */
export const erratumKinds = [
  'formula',
  'number',
  'code',
  'result',
  'reference',
  'term',
  'fact',
  'structure',
] as const;

/**
 * Props of `<Erratum>`. The same schema validates the component's props at build time and
 * the errata the index page extracts from chapter sources, so the two cannot disagree.
 */
export const ErratumSchema = z.object({
  /**
   * Unique across the guide, kebab-case, chapter-prefixed (`ch7-gpt3-title`). It is also the box's
   * HTML id, so chapters link to an erratum with `[…](#ch7-gpt3-title)` and the link validator checks it.
   */
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case, e.g. ch7-gpt3-title'),
  kind: z.enum(erratumKinds),
  /** What the article says (quoted or excerpted). Inline `$math$` and `code` allowed. */
  said: z.string().trim().min(1, 'said must quote what the article says'),
  /** One line: why the article is wrong. Inline `$math$` and `code` allowed. */
  why: z.string().trim().min(1, 'why must give a one-line reason'),
  /** `unverified`: the claim could be neither confirmed nor refuted; the body says so. */
  status: z.enum(['corrected', 'unverified']).default('corrected'),
});

export type ErratumProps = z.input<typeof ErratumSchema>;
export type Erratum = z.output<typeof ErratumSchema>;
