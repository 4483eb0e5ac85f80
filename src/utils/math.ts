import temml from 'temml';

/**
 * Renders TeX to MathML Core, which the browser lays out natively (Chromium 109+, Firefox,
 * Safari). Every formula on the site goes through here at build time: Markdown math (via
 * src/plugins/rehype-math.ts), <Tex> and the inline markup of errata.
 *
 * Why MathML and not KaTeX's HTML: chapter 4 has some 250 formulas, and KaTeX's nested,
 * absolutely positioned spans (about 70 elements per formula) made that page spend seconds in style
 * and layout on a phone. MathML is about a fifth of the markup, and screen readers read it directly.
 *
 * A display formula is wrapped in a <div class="math-display"> so that a formula wider than the
 * column scrolls sideways inside its own box instead of widening the page.
 *
 * Throws a ParseError on TeX that Temml cannot parse (never renders red error text).
 */
export function renderTex(tex: string, display = false): string {
  const mathml = temml.renderToString(tex, { displayMode: display, throwOnError: true });
  return display ? `<div class="math-display">${mathml}</div>` : mathml;
}
