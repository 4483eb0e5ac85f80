import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { uiStrings } from '../../src/i18n/ui-schema';
import { extractErrata } from '../../src/utils/errata';
import { readChapters } from '../support/content';

const pages = readChapters();
const zh = pages.filter((p) => !p.id.startsWith('en/') && p.id !== 'en');
const en = pages.filter((p) => p.id.startsWith('en/') || p.id === 'en');
/** The page id an English page translates: `en/math` → `math`, `en` (the landing page) → `index`. */
const original = (id: string) => (id === 'en' ? 'index' : id.replace(/^en\//, ''));

describe('locales', () => {
  it('every Chinese page has an English translation at the same path, and the reverse', () => {
    const missing = zh.filter((p) => !en.some((e) => original(e.id) === p.id)).map((p) => p.file);
    const orphans = en.filter((e) => !zh.some((p) => p.id === original(e.id))).map((e) => e.file);
    expect({ missing, orphans }).toEqual({ missing: [], orphans: [] });
  });

  it.each(['zh-CN', 'en'])('content/i18n/%s.json has every UI string the components use, and no other', (lang) => {
    const strings = JSON.parse(readFileSync(`content/i18n/${lang}.json`, 'utf8'));
    const parsed = uiStrings.strict().safeParse(strings);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('the English translation keeps every erratum of the Chinese page it translates', () => {
    for (const page of en) {
      const source = zh.find((p) => p.id === original(page.id))!;
      const ids = (p: typeof page) => extractErrata(p.source, p.file).map((e) => `${e.id}:${e.kind}:${e.status}`);
      expect(ids(page), page.file).toEqual(ids(source));
    }
  });

  it('English pages have English titles and descriptions', () => {
    for (const page of en) {
      expect(page.frontmatter.title as string, page.file).not.toMatch(/[\u4e00-\u9fff]/);
      expect(page.frontmatter.description as string, page.file).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('English pages link within the English edition', () => {
    for (const page of en) {
      const links = [...page.body.matchAll(/\]\((\/[^)]*)\)|href="(\/[^"]*)"/g)].map((m) => m[1] ?? m[2]!);
      expect(links.filter((l) => !l.startsWith('/en/')), page.file).toEqual([]);
    }
  });
});
