import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** Every page the build published, from its sitemap (paths like `/concepts/`). */
export function publishedPaths(): string[] {
  const xml = readFileSync('dist/sitemap-0.xml', 'utf8');
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
}

export interface Watch {
  /** Console errors and warnings, uncaught page errors, and Content-Security-Policy violations. */
  problems: string[];
  /** Requests to any origin other than the preview server. */
  foreign: string[];
}

/**
 * Each test's page is watched: a console error or warning, an uncaught exception, a blocked
 * resource (Content-Security-Policy violation) or a request that leaves 127.0.0.1 fails the test when it ends.
 */
export const test = base.extend<{ watch: Watch }>({
  watch: [
    async ({ page, baseURL }, use) => {
      const watch: Watch = { problems: [], foreign: [] };
      const origin = new URL(baseURL!).origin;
      page.on('console', (msg) => {
        // Chromium itself prints this when a page asks for a WebGPU adapter and the machine has none;
        // asking is the only way to find out, so the backend choosers must.
        if (msg.type() === 'warning' && msg.text() === 'No available adapters.') return;
        // Playwright's own notice where it blocks the site's service worker (playwright.config.ts).
        if (msg.type() === 'warning' && msg.text() === 'Service Worker registration blocked by Playwright') return;
        if (msg.type() === 'error' || msg.type() === 'warning') watch.problems.push(`${msg.type()}: ${msg.text()}`);
      });
      page.on('pageerror', (error) => watch.problems.push(`pageerror: ${error.message}`));
      await page.exposeFunction('__reportCspViolation', (text: string) => watch.problems.push(`csp: ${text}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const report = (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation;
          report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
        });
      });
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) watch.foreign.push(request.url());
      });
      await use(watch);
      expect(watch.problems, 'console errors or warnings').toEqual([]);
      expect(watch.foreign, 'requests to other origins').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * The island whose root element matches `selector` (e.g. `section.mnist`), scrolled into view so that
 * it hydrates (islands load `client:visible`), once it is interactive. Opens `path` first when given.
 */
export async function hydrated(page: Page, selector: string, path?: string): Promise<Locator> {
  if (path) await page.goto(path);
  const section = page.locator(selector);
  await section.scrollIntoViewIfNeeded();
  await expect(page.locator(`astro-island:has(${selector})`)).not.toHaveAttribute('ssr', { timeout: 15_000 });
  return section;
}
