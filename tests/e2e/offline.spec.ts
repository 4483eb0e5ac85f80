import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { type DistServer, serveDist } from '../../scripts/serve-dist';
import { precacheLimit, serviceWorkerPath } from '../../src/config/offline';
import { drawDigit } from './digit-strokes';
import { expect, hydrated, publishedPaths, test } from './fixtures';

// The rest of the suite blocks service workers (playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

/** Open `url` and wait until the service worker is installed and controls the page. */
async function installed(page: Page, url: string) {
  await page.goto(url);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'), { timeout: 60_000 }).toBe('activated');
}

test.describe('offline after one visit', () => {
  test.setTimeout(120_000);

  test('the worker precaches every page and the search index, and none of what only a demo loads', () => {
    const urls = [...readFileSync(path.join('dist', serviceWorkerPath), 'utf8').matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!);
    for (const page of publishedPaths()) expect(urls, page).toContain(`${page.slice(1)}index.html`);
    expect(urls).toContain('404.html');
    expect(urls.filter((u) => u.startsWith('pagefind/index/')).length).toBeGreaterThan(1);
    const heavy = urls.filter((u) => /^(ort|models|data)\/|\.wasm$/.test(u) || (u.startsWith('_astro/') && statSync(path.join('dist', u)).size > precacheLimit));
    expect(heavy).toEqual([]);
    // TensorFlow.js's chunks (the trainer's worker imports them when a run uses tfjs) are such files.
    const demoOnly = readdirSync('dist/_astro').filter((f) => f.endsWith('.js') && statSync(path.join('dist/_astro', f)).size > precacheLimit);
    expect(demoOnly.length).toBeGreaterThanOrEqual(2);
  });

  test('every page loads from the service worker offline, cross-origin isolated and under its policy', async ({ page, context, watch }) => {
    await installed(page, '/en/');
    await context.setOffline(true);
    // A link with settings in its query string is the page without them.
    for (const path of [...publishedPaths(), '/mnist/?epochs=3&lr=0.01']) {
      const response = await page.goto(path);
      expect(response?.fromServiceWorker(), path).toBe(true);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator('h1').first(), path).toBeVisible();
      const headers = response!.headers();
      expect(headers['content-security-policy'], path).toContain("script-src 'self'");
      expect(await page.evaluate(() => crossOriginIsolated), `${path}: cross-origin isolated`).toBe(true);
    }
    await expect(page.getByRole('spinbutton', { name: 'Epochs' }).or(page.getByLabel('训练轮数'))).toHaveValue('3');

    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.injected = "yes"';
      document.body.append(script);
      return document.body.dataset.injected === 'yes';
    });
    expect(ran, 'an injected inline script is refused on a page the worker served').toBe(false);
    await expect.poll(() => watch.problems.filter((p) => p.startsWith('csp: script-src')).length).toBeGreaterThan(0);
    watch.problems.length = 0;

    await page.goto('/en/');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('activation function');
    await expect
      .poll(() => page.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '')), {
        message: 'search works offline',
        timeout: 15_000,
      })
      .toContainEqual(expect.stringMatching(/^\/en\/math\//));
  });

  test('the draw-a-digit demo, once used, predicts offline after a reload', async ({ page, context }) => {
    await installed(page, '/en/faq/');
    let section = await hydrated(page, 'section.digit');
    await drawDigit(page, section.getByRole('img', { name: 'Drawing area' }), 7);
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 7 \(/, { timeout: 30_000 });

    await context.setOffline(true);
    await page.reload();
    section = await hydrated(page, 'section.digit');
    await drawDigit(page, section.getByRole('img', { name: 'Drawing area' }), 3);
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 3 \(/, { timeout: 30_000 });
  });
});

test.describe('a new deploy', () => {
  let dir: string;
  let site: DistServer;

  // A second site on its own origin (so its worker is its own): dist/ linked entry by entry, with a
  // copy of the worker that the test changes as a deploy would.
  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'deploy-'));
    for (const name of readdirSync('dist')) {
      if (!name.startsWith(serviceWorkerPath)) symlinkSync(path.resolve('dist', name), path.join(dir, name));
    }
    copyFileSync(path.join('dist', serviceWorkerPath), path.join(dir, serviceWorkerPath));
    site = await serveDist(dir);
  });
  test.afterAll(async () => {
    await site.close();
    rmSync(dir, { recursive: true });
  });

  test('is noticed, and the page offers to reload: Later keeps the page as it is, Reload brings in the new worker', async ({ page, watch }) => {
    test.setTimeout(120_000);
    // The second site is this test's own.
    page.on('requestfinished', () => (watch.foreign = watch.foreign.filter((url) => !url.startsWith(`${site.origin}/`))));
    await installed(page, `${site.origin}/en/mnist/`);
    const marker = () => page.evaluate(() => (window as unknown as { kept?: boolean }).kept === true);
    await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));

    // The deploy: the server comes back on the same address with a changed worker.
    await site.close();
    const worker = path.join(dir, serviceWorkerPath);
    writeFileSync(worker, `${readFileSync(worker, 'utf8')}\n// the next deploy\n`);
    site = await serveDist(dir, { port: Number(new URL(site.origin).port) });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const prompt = page.getByRole('status').filter({ hasText: 'A new version of the guide is available.' });
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    await prompt.getByRole('button', { name: 'Later' }).click();
    await expect(prompt).toBeHidden();
    expect(await marker(), 'Later does not reload').toBe(true);

    // Still waiting: the next page load offers it again.
    await page.reload();
    await expect(prompt).toBeVisible({ timeout: 30_000 });
    await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
    const reloaded = page.waitForEvent('load');
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    expect(await marker(), 'Reload reloads the page').toBe(false);
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const r = await navigator.serviceWorker.getRegistration();
          return [r?.waiting, r?.installing].every((w) => !w) && navigator.serviceWorker.controller?.state;
        }),
      )
      .toBe('activated');
    await expect(prompt).toBeHidden();
  });
});
