import { readFileSync } from 'node:fs';
import { inlineScriptHashes } from '../../src/config/security';
import { expect, publishedPaths, test } from './fixtures';

test.describe('security headers', () => {
  test('every page is served with the policy, pins each of its inline scripts, and carries it as <meta> too', async ({ request }) => {
    const headersFile = readFileSync('dist/_headers', 'utf8');
    for (const path of [...publishedPaths(), '/404.html']) {
      const response = await request.get(path);
      expect(response.status(), path).toBeLessThan(400);
      const headers = response.headers();
      expect(headers['cross-origin-opener-policy'], path).toBe('same-origin');
      expect(headers['cross-origin-embedder-policy'], path).toBe('require-corp');
      const policy = headers['content-security-policy']!;
      expect(headersFile, 'the preview server sends what _headers says').toContain(`Content-Security-Policy: ${policy}`);
      const html = await response.text();
      for (const hash of inlineScriptHashes(html)) expect(policy, `${path}: inline script ${hash}`).toContain(`'${hash}'`);
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
      expect(meta, `${path}: <meta> policy`).toBe(policy.replace("; frame-ancestors 'none'", ''));
      expect(html.indexOf('<meta http-equiv="Content-Security-Policy"'), `${path}: policy before any script`).toBeLessThan(html.indexOf('<script'));
    }
  });

  test('an injected inline script is refused (the policy is enforced, not just sent)', async ({ page, watch }) => {
    await page.goto('/en/');
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.injected = "yes"';
      document.body.append(script);
      return document.body.dataset.injected === 'yes';
    });
    expect(ran).toBe(false);
    await expect.poll(() => watch.problems.filter((p) => p.startsWith('csp: script-src')).length).toBeGreaterThan(0);
    // Provoked on purpose: clear it so that the page watch does not fail the test.
    watch.problems.length = 0;
  });
});
