import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { baseHeaders, cacheControl, contentSecurityPolicy, headersFile, headersFor, inlineScriptHashes, parseHeadersFile, siteHeaderRules } from '../../src/config/security';

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
  const text = headersFile(siteHeaderRules("default-src 'self'"));
  const rules = parseHeadersFile(text);

  it('gives every path the security headers, and pages, models and data a revalidation', () => {
    expect(text).toMatch(/^\/\*\n {2}Cross-Origin-Opener-Policy: same-origin\n/);
    for (const path of ['/', '/en/mnist/', '/models/mnist-mlp.onnx', '/data/mnist/test-2000-images.idx-gz.bin', '/fonts/math.woff2']) {
      expect(headersFor(rules, path), path).toEqual({ ...baseHeaders, 'Content-Security-Policy': "default-src 'self'", 'Cache-Control': cacheControl.revalidate });
    }
  });

  it('replaces the general Cache-Control on hashed and versioned files instead of joining the two', () => {
    expect(text).toContain('/_astro/*\n  ! Cache-Control\n  Cache-Control: public, max-age=31536000, immutable');
    for (const path of ['/_astro/Pad.Bx1.js', '/ort/1.30.0/ort-wasm-simd-threaded.wasm', '/pagefind/fragment/en_1a2b.pf_fragment']) {
      const headers = headersFor(rules, path);
      expect(headers['Cache-Control'], path).toBe(cacheControl.immutable);
      expect(headers['Cross-Origin-Embedder-Policy'], path).toBe('require-corp');
    }
  });

  it('reads comments, blank lines and a detached header the way hosts do', () => {
    const parsed = parseHeadersFile('# site\n/*\n  X-A: 1\n  X-B: 2\n\n/a/*\n  ! X-A\n');
    expect(headersFor(parsed, '/a/b')).toEqual({ 'X-B': '2' });
    expect(headersFor(parsed, '/c')).toEqual({ 'X-A': '1', 'X-B': '2' });
  });
});
