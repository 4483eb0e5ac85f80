import { readdirSync, readFileSync } from 'node:fs';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { uiStrings } from './i18n/ui-schema';

/**
 * Chapters live in content/docs/ (Chinese at the root, translations in locale folders) and UI
 * strings in content/i18n/ (one JSON file per locale). Every chapter must carry a real
 * description: it is what search engines and link previews show, so a chapter without one
 * fails the build.
 */
export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content/docs' }),
    schema: docsSchema({
      extend: z.object({
        description: z
          .string({ error: 'every chapter needs a `description` in its frontmatter' })
          .trim()
          .min(10, 'the `description` must be a real sentence (10 characters or more)'),
      }),
    }),
  }),
  i18n: defineCollection({
    // Starlight keys translations by the file's path under src/content/i18n; entries without a
    // path are keyed by id instead, so load content/i18n/<lang>.json with the language as id.
    loader: () =>
      readdirSync('content/i18n')
        .filter((file) => file.endsWith('.json'))
        .map((file) => ({
          id: file.slice(0, -'.json'.length),
          ...JSON.parse(readFileSync(`content/i18n/${file}`, 'utf8')),
        })),
    schema: i18nSchema({ extend: uiStrings }),
  }),
};
