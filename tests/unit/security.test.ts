import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { baseHeaders, contentSecurityPolicy, headersFile, inlineScriptHashes, parseHeadersFile } from '../../src/config/security';

const sha = (s: string) => `sha256-${createHash('sha256').update(s).digest('base64')}`;

describe('inlineScriptHashes', () => {
  it('hashes inline classic and module scripts, and skips external scripts and JSON data blocks', () => {
    const html = [
      '<script>a()</script>',
      '<script type="module">import "x"</script>',
      '<script src="/x.js"></script>',
      '<script type="application/ld+json">{"@type":"TechArticle"}</script>',
      '<script is:inline data-x="1">\nb()\n</script>',
    ].join('');
    expect(inlineScriptHashes(html)).toEqual([sha('a()'), sha('import "x"'), sha('\nb()\n')]);
  });
});

describe('contentSecurityPolicy', () => {
  const policy = contentSecurityPolicy(['sha256-b', 'sha256-a', 'sha256-a'], 'header');
  const directive = (name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

  it('allows only the own origin and the pinned inline scripts, sorted and without duplicates', () => {
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('script-src')).toBe("script-src 'self' 'wasm-unsafe-eval' 'sha256-a' 'sha256-b'");
    expect(policy).not.toMatch(/https?:|\*|'unsafe-eval'/);
    expect(directive('script-src')).not.toContain("'unsafe-inline'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('base-uri')).toBe("base-uri 'self'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
  });

  it('leaves frame-ancestors out of the <meta> form, where browsers ignore it', () => {
    expect(contentSecurityPolicy([], 'meta')).not.toContain('frame-ancestors');
  });
});

describe('_headers', () => {
  it('round-trips the /* rule that the preview server reads back', () => {
    const text = headersFile({ '/*': { ...baseHeaders, 'Content-Security-Policy': "default-src 'self'" }, '/ort/*': { 'Cache-Control': 'max-age=31536000' } });
    expect(text).toMatch(/^\/\*\n {2}Cross-Origin-Opener-Policy: same-origin\n/);
    expect(parseHeadersFile(text)).toEqual({ ...baseHeaders, 'Content-Security-Policy': "default-src 'self'" });
  });
});
