import sharp from 'sharp';

const ogSize = { width: 1200, height: 630 } as const;
const TITLE_WIDTH = 820;

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Rough advance width of a character in em: CJK and full-width forms are square, Latin about half. */
const advance = (c: string) => (/[\u2E80-\uFFEF]/.test(c) ? 1 : /[A-Z0-9MW@]/.test(c) ? 0.7 : 0.58);

/**
 * Break a title into at most `maxLines` lines of at most `maxEm` ems: Latin text at spaces,
 * CJK text between any two characters. A title too long for the lines ends with an ellipsis.
 */
export function wrapTitle(title: string, maxEm: number, maxLines: number): string[] {
  const tokens = title.match(/[\u2E80-\uFFEF]|[^\s\u2E80-\uFFEF]+|\s+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const token of tokens) {
    const w = [...token].reduce((sum, c) => sum + advance(c), 0);
    if (width + w > maxEm && line.trim()) {
      lines.push(line.trim());
      line = '';
      width = 0;
      if (/^\s+$/.test(token)) continue;
    }
    line += token;
    width += w;
  }
  if (line.trim()) lines.push(line.trim());
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/.$/u, '')}…`;
    return kept;
  }
  return lines;
}

/**
 * The social card of a page: its title over the guide's design, 1200×630 PNG. Drawn as SVG and
 * rasterised by sharp at build time, with the system's fonts (Noto Sans CJK for Chinese).
 */
export async function renderOgImage(options: { title: string; siteName: string; tagline: string }): Promise<Buffer> {
  // The title stays within 820 px, clear of the network drawing on the right: the largest size
  // that fits in three lines wins.
  const fit = (size: number) => wrapTitle(options.title, TITLE_WIDTH / size, 99);
  const fontSize = [68, 58, 50].find((size) => fit(size).length <= 3) ?? 50;
  const lines = wrapTitle(options.title, TITLE_WIDTH / fontSize, 3);
  const top = 300 - ((lines.length - 1) * fontSize * 1.25) / 2;
  const nodes = [
    [960, 170], [960, 300], [960, 430], [1080, 235], [1080, 365],
  ];
  const edges = [[0, 3], [0, 4], [1, 3], [1, 4], [2, 3], [2, 4]];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${ogSize.width}" height="${ogSize.height}" viewBox="0 0 ${ogSize.width} ${ogSize.height}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#0f172a"/>
      <stop offset="1" stop-color="#1e3a8a"/>
    </linearGradient>
  </defs>
  <rect width="100%" height="100%" fill="url(#bg)"/>
  <g stroke="#93c5fd" stroke-opacity="0.35" stroke-width="3">
    ${edges.map(([a, b]) => `<line x1="${nodes[a]![0]}" y1="${nodes[a]![1]}" x2="${nodes[b]![0]}" y2="${nodes[b]![1]}"/>`).join('')}
  </g>
  <g fill="#1e40af" stroke="#bfdbfe" stroke-width="4">
    ${nodes.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="26"/>`).join('')}
  </g>
  <text x="80" y="110" font-family="Noto Sans CJK SC, Noto Sans, sans-serif" font-size="34" font-weight="700" fill="#bfdbfe">${escapeXml(options.siteName)}</text>
  ${lines
    .map(
      (line, i) =>
        `<text x="80" y="${top + i * fontSize * 1.25 + fontSize / 2}" font-family="Noto Sans CJK SC, Noto Sans, sans-serif" font-size="${fontSize}" font-weight="700" fill="#ffffff">${escapeXml(line)}</text>`,
    )
    .join('\n  ')}
  <rect x="80" y="520" width="120" height="6" rx="3" fill="#60a5fa"/>
  <text x="80" y="575" font-family="Noto Sans CJK SC, Noto Sans, sans-serif" font-size="30" fill="#dbeafe">${escapeXml(options.tagline)}</text>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
