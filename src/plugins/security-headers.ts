import type { AstroIntegration } from 'astro';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy, headersFile, inlineScriptHashes, siteHeaderRules } from '../config/security';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * After the build: pin every inline script of every page by its hash, put the policy in each
 * page as a <meta> (for hosts that cannot set headers), and write `_headers` for hosts that read
 * one, with the caching rules. The preview server (scripts/serve-dist.ts) applies that file.
 */
export default function securityHeaders(): AstroIntegration {
  return {
    name: 'neural-guide:security-headers',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const pages = htmlFiles(out).map((file) => ({ file, html: readFileSync(file, 'utf8') }));
        const hashes = new Set(pages.flatMap((p) => inlineScriptHashes(p.html)));
        const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(hashes, 'meta')}">`;
        for (const { file, html } of pages) {
          const charset = /<meta charset="[^"]*"\s*\/?>/i.exec(html);
          if (!charset) throw new Error(`${path.relative(out, file)}: no <meta charset> to place the Content-Security-Policy after`);
          const at = charset.index + charset[0].length;
          writeFileSync(file, html.slice(0, at) + meta + html.slice(at));
        }
        writeFileSync(path.join(out, '_headers'), headersFile(siteHeaderRules(contentSecurityPolicy(hashes, 'header'))));
        logger.info(`Content-Security-Policy in ${pages.length} pages and _headers (${hashes.size} inline scripts pinned)`);
      },
    },
  };
}
