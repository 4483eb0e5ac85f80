import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { astroBin, copySite, fixtureSites } from '../support/fixture-site';

/**
 * A broken chapter must stop `astro build` with a message that names the file. Each case copies
 * the real site into a scratch folder (inside the repository, so node_modules resolves),
 * breaks one chapter the way a contributor might, and builds it.
 */
function buildBroken(name: string, file: string, breakIt: (source: string) => string) {
  const root = copySite(name);
  const target = path.join(root, file);
  writeFileSync(target, breakIt(readFileSync(target, 'utf8')));
  const result = spawnSync(process.execPath, [astroBin, 'build'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

afterAll(() => rmSync(fixtureSites, { recursive: true, force: true }));

describe.concurrent('a broken chapter fails the build, naming the file', () => {
  it('frontmatter without a description', () => {
    const { status, output } = buildBroken('frontmatter', 'content/docs/resources.mdx', (s) =>
      s.replace(/^description:.*$/m, ''),
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(/content\/docs\/resources\.mdx/);
    expect(output).toMatch(/description/);
  });

  it('a formula that cannot be parsed', () => {
    const { status, output } = buildBroken('math', 'content/docs/summary.mdx', (s) => `${s}\n\n$$\n\\frac{1}{\n$$\n`);
    expect(status).not.toBe(0);
    expect(output).toMatch(/Cannot render 1 formula\(s\) in content\/docs\/summary\.mdx:\n {2}line \d+: /);
  });

  it('a diagram Mermaid cannot parse', () => {
    const { status, output } = buildBroken('diagram', 'content/docs/en/concepts.mdx', (s) => s.replace('```mermaid\n', '```mermaid\nflowchart LR\n  A -->> {{\n'));
    expect(status).not.toBe(0);
    expect(output).toMatch(/Mermaid cannot render the diagram at .*content\/docs\/en\/concepts\.mdx:\d+/);
  });

  it('an internal link to a page that does not exist', () => {
    const { status, output } = buildBroken('link', 'content/docs/faq.mdx', (s) => `${s}\n\n[坏链接](/no-such-chapter/)\n`);
    expect(status).not.toBe(0);
    expect(output).toMatch(/faq\.mdx/);
    expect(output).toMatch(/\/no-such-chapter\//);
    expect(output).toMatch(/invalid link/);
  });
});
