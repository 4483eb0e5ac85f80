import { describe, expect, it } from 'vitest';
import { renderInlineMarkup } from '../../src/utils/inline-markup';

describe('renderInlineMarkup', () => {
  it('escapes plain text', () => {
    expect(renderInlineMarkup('a < b & "c"')).toBe('a &#60; b &#38; &#34;c&#34;');
  });

  it('renders $math$ as MathML and `code` as <code>', () => {
    const html = renderInlineMarkup('导数 $1 - \\tanh^2(x)$ 见 `np.dot(<a>)`');
    expect(html).toMatch(/^导数 <math>.*<mi>tanh<\/mi>.*<\/math> 见 /);
    expect(html).toContain('<code>np.dot(&#60;a&#62;)</code>');
    expect(html.startsWith('导数 ')).toBe(true);
  });

  it('throws on a formula that cannot be parsed', () => {
    expect(() => renderInlineMarkup('$\\frac{1}{$')).toThrow();
  });
});
