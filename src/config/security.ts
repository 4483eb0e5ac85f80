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

/**
 * How long browsers keep a response. Hashed and versioned files never change under their name, so a
 * year without asking; everything else (pages, models, data) is revalidated on every use, which
 * costs a round trip and a 304 when nothing changed.
 */
export const cacheControl = {
  immutable: 'public, max-age=31536000, immutable',
  revalidate: 'public, max-age=0, must-revalidate',
} as const;

/** Files whose names change with their content: Vite's hashed assets, Pagefind's index, ORT under its version. */
export const immutablePaths = ['/_astro/*', '/pagefind/fragment/*', '/pagefind/index/*', '/ort/*'] as const;

/**
 * Rules of a `_headers` file: a path pattern (`*` matches anything) and its headers. Every rule
 * that matches a path applies, in order; in the file, a header that an earlier rule set is first
 * detached (Cloudflare Pages' `! Name` line), so that a later, narrower rule replaces it rather
 * than being joined to it with a comma. Parsed back, a detachment reads as `'! Name': null`.
 */
export type HeaderRules = Record<string, Record<string, string | null>>;

/** The site's rules: security headers and revalidation everywhere, immutable caching for {@link immutablePaths}. */
export function siteHeaderRules(policy: string): Record<string, Record<string, string>> {
  return {
    '/*': { ...baseHeaders, 'Content-Security-Policy': policy, 'Cache-Control': cacheControl.revalidate },
    ...Object.fromEntries(immutablePaths.map((p) => [p, { 'Cache-Control': cacheControl.immutable }])),
  };
}

/** The `_headers` file format read by static hosts such as Cloudflare Pages and Netlify. */
export function headersFile(rules: Record<string, Record<string, string>>): string {
  const set = new Set<string>();
  return Object.entries(rules)
    .map(([path, headers]) => {
      const lines = Object.entries(headers).flatMap(([k, v]) => [...(set.has(k.toLowerCase()) ? [`  ! ${k}`] : []), `  ${k}: ${v}`]);
      for (const k of Object.keys(headers)) set.add(k.toLowerCase());
      return [path, ...lines].join('\n');
    })
    .join('\n\n')
    .concat('\n');
}

/** Read a `_headers` file back into its rules. */
export function parseHeadersFile(text: string): HeaderRules {
  const rules: HeaderRules = {};
  let current: Record<string, string | null> | null = null;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      current = rules[line.trim()] ??= {};
      continue;
    }
    const detach = /^\s+!\s*(\S+)\s*$/.exec(line);
    const match = /^\s+([^:]+):\s*(.*)$/.exec(line);
    // A detached header set again in the same rule keeps its place after the detachment.
    if (current && detach) current[`! ${detach[1]!}`] = null;
    else if (current && match) current[match[1]!] = match[2]!;
  }
  return rules;
}

/** The headers a host applying `rules` in order sends for `pathname` (names compared case-insensitively). */
export function headersFor(rules: HeaderRules, pathname: string): Record<string, string> {
  const headers = new Map<string, [string, string]>();
  for (const [pattern, set] of Object.entries(rules)) {
    const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    if (!regex.test(pathname)) continue;
    for (const [name, value] of Object.entries(set)) {
      if (value === null) headers.delete(name.slice(2).toLowerCase());
      else headers.set(name.toLowerCase(), [name, value]);
    }
  }
  return Object.fromEntries([...headers.values()]);
}
