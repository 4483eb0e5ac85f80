import path from 'node:path';
import type { ElementContent, Root } from 'hast';
import { fromHtmlIsomorphic } from 'hast-util-from-html-isomorphic';
import { toText } from 'hast-util-to-text';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { renderTex } from '../utils/math.ts';

/**
 * Renders the math that remark-math marks (`$…$` inline, `$$…$$` display) to MathML with
 * renderTex. A formula that cannot be parsed fails the build with the chapter file, the line and
 * the parser's message, all formulas of the file at once, rather than shipping red error text.
 */
export default function rehypeMath() {
  return (tree: Root, file: VFile) => {
    const problems: string[] = [];
    visitParents(tree, 'element', (element, ancestors) => {
      const classes = Array.isArray(element.properties.className) ? element.properties.className : [];
      if (!classes.includes('math-inline') && !classes.includes('math-display')) return;
      let scope: ElementContent = element;
      let parent = ancestors.at(-1);
      const display = classes.includes('math-display');
      // remark-math emits display math as <pre><code class="math-display">: replace the <pre>.
      if (display && parent?.type === 'element' && parent.tagName === 'pre') {
        scope = parent;
        parent = ancestors.at(-2);
      }
      if (!parent) return;
      const tex = toText(scope, { whitespace: 'pre' });
      let html: string;
      try {
        html = renderTex(tex, display);
      } catch (error) {
        // remark-math puts the source position of display math on the <pre>, of inline math on the <code>.
        const place = scope.position ?? element.position;
        const line = place ? `line ${place.start.line}: ` : '';
        problems.push(`  ${line}${(error as Error).message}`);
        return SKIP;
      }
      const rendered = fromHtmlIsomorphic(html, { fragment: true }).children as ElementContent[];
      parent.children.splice(parent.children.indexOf(scope), 1, ...rendered);
      return SKIP;
    });
    if (problems.length > 0) {
      const where = file.path ? path.relative(process.cwd(), file.path) : '(unknown file)';
      throw new Error(`Cannot render ${problems.length} formula(s) in ${where}:\n${problems.join('\n')}`);
    }
  };
}
