import { test, expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { serveDist, type DistServer } from '../../scripts/serve-dist';
import { astroBin, copySite, environmentWithoutBrowser } from '../support/fixture-site';

// A copy of the site built as on a machine without any Chromium: the build must pass, say once how
// to get diagrams rendered at build time, and leave the diagrams to astro-mermaid in the browser.
// (This spec serves that build itself, so it watches the page's console and policy on its own.)

test.describe.configure({ mode: 'serial' });
test.setTimeout(300_000);

let root: string;
let build: { status: number | null; output: string };
let server: DistServer;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  root = copySite('no-browser');
  const result = spawnSync(process.execPath, [astroBin, 'build'], { cwd: root, encoding: 'utf8', env: environmentWithoutBrowser() });
  build = { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  if (build.status === 0) server = await serveDist(path.join(root, 'dist'));
});

test.afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Console errors and warnings, uncaught exceptions and policy violations of a page. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

test('the build passes without a browser and says once how to get diagrams rendered at build time', () => {
  expect(build.status, build.output.slice(-3000)).toBe(0);
  const warnings = build.output.split('\n').filter((line) => line.includes('No headless Chromium could be launched'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain("drawn in the reader's browser by astro-mermaid");
  expect(warnings[0]).toContain('apt install chromium');
});

for (const theme of ['light', 'dark'] as const) {
  test(`/concepts/ draws its diagram in the reader's browser, in the ${theme} theme`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: theme });
    const page = await context.newPage();
    const problems = watch(page);
    const mermaidRequests: string[] = [];
    page.on('request', (r) => {
      if (/mermaid/i.test(r.url())) mermaidRequests.push(r.url());
    });
    await page.goto(`${server.origin}/concepts/`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const diagram = page.locator('pre.mermaid').first();
    await diagram.scrollIntoViewIfNeeded();
    await expect(diagram.locator('svg')).toBeVisible({ timeout: 30_000 });
    await expect(diagram).toHaveAttribute('data-processed', 'true');
    expect(mermaidRequests.length).toBeGreaterThan(0);
    // The source blocks are the chapter's own: the labels of its concept map are in the drawing.
    await expect(diagram.locator('svg')).toContainText('神经网络');
    const drawn = await diagram.locator('svg').innerHTML();
    // Switching the theme redraws the diagram in the other one.
    await page.evaluate((next) => document.documentElement.setAttribute('data-theme', next), theme === 'light' ? 'dark' : 'light');
    await expect.poll(() => diagram.locator('svg').innerHTML().catch(() => drawn), { timeout: 30_000 }).not.toBe(drawn);
    expect(problems).toEqual([]);
    await context.close();
  });
}

test('a page without a diagram loads no Mermaid', async ({ page }) => {
  const problems = watch(page);
  const mermaidRequests: string[] = [];
  page.on('request', (r) => {
    if (/mermaid/i.test(r.url())) mermaidRequests.push(r.url());
  });
  await page.goto(`${server.origin}/math/`, { waitUntil: 'networkidle' });
  expect(mermaidRequests).toEqual([]);
  expect(problems).toEqual([]);
});
