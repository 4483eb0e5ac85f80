import type { AstroIntegration } from 'astro';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';

const mathFontPath = 'fonts/math.woff2';
// Declared here rather than in custom.css: the file exists only once the build is done.
const fontHead =
  `<link rel="preload" href="/${mathFontPath}" as="font" type="font/woff2" crossorigin>` +
  `<style>@font-face{font-family:'Guide Math';src:url(/${mathFontPath}) format('woff2');font-display:swap}</style>`;

// MathML draws a one-letter identifier (<mi>x</mi>) with the Mathematical Italic letter (𝑥), so
// those are kept whether or not a formula spells them out.
const italics = [
  ...Array.from({ length: 52 }, (_, i) => 0x1d434 + i).filter((c) => c !== 0x1d455),
  0x210e, // italic h lives in Letterlike Symbols
  ...Array.from({ length: 25 }, (_, i) => 0x1d6fc + i), // italic α…ω
].map((c) => String.fromCodePoint(c));

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Every character inside a <math> element of the page. */
function mathCharacters(html: string): Set<string> {
  const found = new Set<string>();
  for (const [math] of html.matchAll(/<math[\s\S]*?<\/math>/g)) {
    const text = math
      .replace(/<[^>]*>/g, '')
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
      .replace(/&(\w+);/g, (whole, name: string) => entities[name] ?? whole);
    for (const c of text) found.add(c);
  }
  return found;
}

/**
 * After the build: writes STIX Two Math cut down to the characters the site's formulas use (and the
 * variants its MATH table needs for large operators and stretchy brackets): about 27 KB instead of
 * 400 KB, and declares and preloads it on each page that has a formula. Formulas are MathML, which
 * the browser typesets with the font's MATH table; without a math font, each reader's system would
 * pick a different one, and on many none fits. (`astro dev` has no build, so it shows the system's
 * math font.)
 */
export default function mathFont(): AstroIntegration {
  return {
    name: 'neural-guide:math-font',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const characters = new Set(italics);
        const pages = readdirSync(out, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.html'))
          .map((file) => ({ file: path.join(out, file), html: readFileSync(path.join(out, file), 'utf8') }));
        const withMath = pages.filter(({ html }) => html.includes('<math'));
        for (const { html } of withMath) for (const c of mathCharacters(html)) characters.add(c);
        const require = createRequire(import.meta.url);
        const source = readFileSync(require.resolve('@fontsource/stix-two-math/files/stix-two-math-latin-400-normal.woff2'));
        // Keep the copyright, licence and licence URL (OFL 1.1 asks each copy to carry them).
        const font = await subsetFont(source, [...characters].join(''), { targetFormat: 'woff2', preserveNameIds: [0, 13, 14] });
        mkdirSync(path.join(out, path.dirname(mathFontPath)), { recursive: true });
        writeFileSync(path.join(out, mathFontPath), font);
        for (const { file, html } of withMath) writeFileSync(file, html.replace('</head>', `${fontHead}</head>`));
        logger.info(`${mathFontPath}: ${characters.size} characters, ${(font.length / 1024).toFixed(1)} KB, on ${withMath.length} pages`);
      },
    },
  };
}
