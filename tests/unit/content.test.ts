import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { appendixSlugs, chapterSlugs } from '../../src/config/chapters';
import { extractErrata } from '../../src/utils/errata';
import { readChapters } from '../support/content';
import { renderTex } from '../../src/utils/math';

const pages = readChapters();
const parser = unified().use(remarkParse).use(remarkMdx).use(remarkMath);

describe('content/docs', () => {
  it('holds every chapter the sidebar lists, and nothing the sidebar leaves out, in each locale', () => {
    const ids = pages.map((p) => p.id).sort();
    const zh = ['404', 'index', ...chapterSlugs, ...appendixSlugs];
    const en = ['en', 'en/404', ...[...chapterSlugs, ...appendixSlugs].map((slug) => `en/${slug}`)];
    expect(ids).toEqual([...zh, ...en].sort());
  });

  describe.each(pages)('$file', ({ file, frontmatter, body }) => {
    it('has a title and a description', () => {
      expect(typeof frontmatter.title, `${file}: title`).toBe('string');
      expect((frontmatter.title as string).trim().length).toBeGreaterThan(0);
      expect(typeof frontmatter.description, `${file}: description`).toBe('string');
      expect((frontmatter.description as string).trim().length).toBeGreaterThanOrEqual(10);
    });

    it('has no h1 in the body (the title is the h1) and no skipped heading level', () => {
      const tree = parser.parse(body);
      let previous = 1;
      visit(tree, 'heading', (node) => {
        expect(node.depth, `${file}:${node.position?.start.line}: h${node.depth} after h${previous}`).toBeLessThanOrEqual(
          previous + 1,
        );
        expect(node.depth).toBeGreaterThan(1);
        previous = node.depth;
      });
    });

    it('has no formula that cannot be parsed', () => {
      const tree = parser.parse(body);
      const failures: string[] = [];
      visit(tree, ['math', 'inlineMath'], (node) => {
        const math = node as { type: string; value: string; position?: { start: { line: number } } };
        try {
          renderTex(math.value, math.type === 'math');
        } catch (error) {
          failures.push(`${file}:${math.position?.start.line}: ${(error as Error).message}`);
        }
      });
      expect(failures).toEqual([]);
    });

    it('has no {expression} inside $…$ (MDX does not evaluate it there: use <Tex>)', () => {
      const found: string[] = [];
      visit(parser.parse(body), ['math', 'inlineMath'], (node) => {
        const math = node as { value: string; position?: { start: { line: number } } };
        // `{w.before.h[0]}` or `{fixed(x, 3)}`, but not a TeX group such as `\text{e.g.}` or `{(1)}`.
        if (/(?<!\\[a-zA-Z]+)\{[A-Za-z_]\w*[.([]/.test(math.value)) found.push(`${file}:${math.position?.start.line}: ${math.value}`);
      });
      expect(found).toEqual([]);
    });

    it('gives every fenced code block a language', () => {
      const tree = parser.parse(body);
      const bare: number[] = [];
      visit(tree, 'code', (node) => {
        if (!node.lang) bare.push(node.position?.start.line ?? 0);
      });
      expect(bare, `${file}: code blocks without a language at these lines`).toEqual([]);
    });
  });
});

describe('errata', () => {
  // The Chinese pages; the English ones carry the same errata (tests/unit/i18n.test.ts).
  const all = pages
    .filter((p) => !p.id.startsWith('en/') && p.id !== 'en')
    .flatMap((p) => extractErrata(p.source, p.file).map((e) => ({ ...e, page: p.id })));

  it('are all in chapters, which is where the errata index looks for them', () => {
    const outside = all.filter((e) => !(chapterSlugs as readonly string[]).includes(e.page));
    expect(outside.map((e) => `${e.page}#${e.id}`)).toEqual([]);
  });

  it('each <Erratum> tag in a chapter is read by the index extractor', () => {
    for (const page of pages) {
      const tags = page.source.match(/<Erratum\b/g)?.length ?? 0;
      expect(extractErrata(page.source, page.file), page.file).toHaveLength(tags);
    }
  });

  it('have unique ids', () => {
    const ids = all.map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('exist: the guide corrects the article in every chapter that has errors', () => {
    for (const slug of ['background', 'concepts', 'algorithm', 'math', 'mnist', 'applications', 'resources', 'faq']) {
      expect(all.filter((e) => e.page === slug).length, slug).toBeGreaterThan(0);
    }
  });
});
