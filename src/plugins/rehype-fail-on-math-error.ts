import path from 'node:path';
import type { Root } from 'hast';
import type { VFile } from 'vfile';

/**
 * rehype-katex only warns on a formula KaTeX cannot parse and then renders a red
 * `.katex-error` span, which is easy to miss in a long build log. Run after it and turn
 * each of its messages into a build failure that names the chapter file and the formula.
 */
export default function rehypeFailOnMathError() {
  return (_tree: Root, file: VFile) => {
    const problems = file.messages.filter((message) => message.source === 'rehype-katex');
    if (problems.length === 0) return;
    const where = file.path ? path.relative(process.cwd(), file.path) : '(unknown file)';
    const details = problems
      .map((message) => {
        const line = message.place && 'line' in message.place ? `line ${message.place.line}: ` : '';
        const reason = message.cause instanceof Error ? message.cause.message : message.reason;
        return `  ${line}${reason}`;
      })
      .join('\n');
    throw new Error(`KaTeX cannot render ${problems.length} formula(s) in ${where}:\n${details}`);
  };
}
