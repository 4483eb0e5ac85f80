import { renderTex } from './math';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Render the small markup allowed in erratum attributes (`said`, `why`): inline `$math$`
 * as MathML and `` `code` `` as <code>; everything else is escaped text.
 * Throws on a formula that cannot be parsed, so a typo fails the build instead of shipping red text.
 */
export function renderInlineMarkup(text: string): string {
  const parts = text.split(/(\$[^$]+\$|`[^`]+`)/g);
  return parts
    .map((part) => {
      if (part.length > 2 && part.startsWith('$') && part.endsWith('$')) {
        return renderTex(part.slice(1, -1));
      }
      if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) {
        return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      }
      return escapeHtml(part);
    })
    .join('');
}
