import { createHash } from 'node:crypto';

/**
 * The site's security headers. Everything the guide loads comes from its own origin; the only
 * scripts allowed inline are the ones the build wrote, each pinned by its SHA-256.
 * 'wasm-unsafe-eval' is on every page because every page has search (Pagefind runs on
 * WebAssembly); the demos' TensorFlow.js and ONNX Runtime need it too. Styles may be inline:
 * Starlight's icons, Expressive Code's token colours and display formulas carry style attributes,
 * which hashes cannot cover.
 */
export function contentSecurityPolicy(scriptHashes: Iterable<string>, delivery: 'header' | 'meta'): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${[...new Set(scriptHashes)].sort().map((h) => `'${h}'`).join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // Browsers ignore (and warn about) frame-ancestors in a <meta> policy.
    ...(delivery === 'header' ? ["frame-ancestors 'none'"] : []),
  ];
  return directives.join('; ');
}

/**
 * Headers every response carries. Cross-origin isolation (COOP + COEP) is what lets the training
 * engine share its WebAssembly memory with helper threads (src/workers/wasm-engine.ts): without it
 * the engine runs on one thread.
 */
export const baseHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
} as const;

/** `sha256-…` of every inline classic or module script in an HTML page (not JSON data blocks). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\bsrc\s*=/.test(attributes!)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/.exec(attributes!)?.[1];
    if (type && type !== 'module' && type !== 'text/javascript') continue;
    hashes.push(`sha256-${createHash('sha256').update(body!, 'utf8').digest('base64')}`);
  }
  return hashes;
}

/** The `_headers` file format read by static hosts such as Netlify and Cloudflare Pages. */
export function headersFile(rules: Record<string, Record<string, string>>): string {
  return Object.entries(rules)
    .map(([path, headers]) => [path, ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`)].join('\n'))
    .join('\n\n')
    .concat('\n');
}

/** The headers of the `/*` rule of a `_headers` file (what the preview server sends). */
export function parseHeadersFile(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let inAll = false;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) {
      inAll = line.trim() === '/*';
      continue;
    }
    const match = /^\s+([^:]+):\s*(.*)$/.exec(line);
    if (inAll && match) headers[match[1]!] = match[2]!;
  }
  return headers;
}
