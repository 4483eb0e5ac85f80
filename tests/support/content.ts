import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';

export const contentRoot = path.resolve('content/docs');

export interface ChapterFile {
  /** Path from the repository root, as build errors and contributors name it. */
  file: string;
  /** The page id Astro gives it: path under content/docs without extension (`math`, `en/math`, `en`). */
  id: string;
  frontmatter: Record<string, unknown>;
  body: string;
  source: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\.mdx?$/.test(entry.name) && !entry.name.startsWith('_') ? [full] : [];
  });
}

/** Every page under content/docs, parsed the way the build sees it (frontmatter + MDX body). */
export function readChapters(root = contentRoot): ChapterFile[] {
  return walk(root)
    .sort()
    .map((full) => {
      const source = readFileSync(full, 'utf8');
      const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
      const frontmatter = (match ? load(match[1]!) : {}) as Record<string, unknown>;
      return {
        file: path.relative(process.cwd(), full),
        // Astro's glob loader names en/index.mdx `en`, but the root index.mdx `index`.
        id: path.relative(root, full).replace(/\.mdx?$/, '').split(path.sep).join('/').replace(/\/index$/, ''),
        frontmatter: frontmatter ?? {},
        body: match ? source.slice(match[0].length) : source,
        source,
      };
    });
}
