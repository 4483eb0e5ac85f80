import type { Code, Root } from 'mdast';
import { createMermaidRenderer, type MermaidRenderer } from 'mermaid-isomorphic';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** One headless browser for the whole build, started by the first chapter that has a diagram. */
let renderer: MermaidRenderer | undefined;

const themes = [
  { name: 'light', mermaid: 'default' },
  { name: 'dark', mermaid: 'dark' },
] as const;

/**
 * Renders ```mermaid blocks to SVG at build time in headless Chromium (`executablePath`; undefined
 * for Playwright's own), once per colour theme; CSS shows the one that matches the page's theme
 * (src/styles/custom.css). Readers get the finished diagram with the HTML and no Mermaid in the
 * browser (rendering it there blocked /concepts/ for two seconds on Lighthouse's mid-range phone).
 * A diagram Mermaid cannot parse fails the build, naming the file and line. Where no Chromium can
 * be launched astro.config.mjs leaves this plugin out and astro-mermaid draws the diagrams in the
 * reader's browser instead.
 */
export default function remarkMermaidStatic(options: { executablePath?: string } = {}) {
  return async (tree: Root, file: VFile) => {
    const blocks: { node: Code; index: number; parent: { children: unknown[] } }[] = [];
    visit(tree, 'code', (node, index, parent) => {
      if (node.lang === 'mermaid' && parent && index !== undefined) blocks.push({ node, index, parent });
    });
    if (blocks.length === 0) return;
    renderer ??= createMermaidRenderer({ launchOptions: { executablePath: options.executablePath } });
    const sources = blocks.map((b) => b.node.value);
    const svgs: string[][] = [];
    for (const theme of themes) {
      const results = await renderer(sources, { prefix: `diagram-${theme.name}`, mermaidConfig: { theme: theme.mermaid } });
      svgs.push(
        results.map((result, i) => {
          if (result.status === 'fulfilled') return result.value.svg;
          const line = blocks[i]!.node.position?.start.line ?? '?';
          const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
          throw new Error(`Mermaid cannot render the diagram at ${file.path}:${line}: ${reason}`);
        }),
      );
    }
    // Replace from the last block backwards so that earlier indices stay valid.
    for (let i = blocks.length - 1; i >= 0; i--) {
      const { index, parent } = blocks[i]!;
      // Focusable: on a phone the diagram scrolls sideways, and keyboard users must be able to scroll it too.
      const html = `<div class="diagram not-content" tabindex="0">${themes.map((theme, t) => `<div class="diagram__${theme.name}">${svgs[t]![i]}</div>`).join('')}</div>`;
      // <Fragment set:html> writes the SVG out verbatim: turned into JSX, its <style> would be lost.
      parent.children[index] = {
        type: 'mdxJsxFlowElement',
        name: 'Fragment',
        attributes: [{ type: 'mdxJsxAttribute', name: 'set:html', value: html }],
        children: [],
      };
    }
  };
}
