/**
 * The draw-a-digit demo's speed, in headless Chromium against the built site (npm run build):
 * cold time from the first stroke to the first prediction (new browser profile, nothing cached),
 * and ONNX Runtime's latency per digit as the page measures it ("Measure latency": median of
 * 10 rounds of 20 inferences), with the page cross-origin isolated and without. ORT runs one
 * thread either way (src/browser/ort.ts); isolation changes the browser's timer resolution.
 * Run: npm run bench:digit. Prints a table; asserts nothing.
 */
import { chromium, type Page } from '@playwright/test';
import { findChromium } from '../src/node/browser';
import { drawDigit } from '../tests/e2e/digit-strokes';
import { serveDist } from './serve-dist';

const server = await serveDist();
const base = server.origin;

async function openPad(page: Page) {
  await page.goto(`${base}/en/faq/`);
  const section = page.locator('section.digit');
  await section.scrollIntoViewIfNeeded();
  await page.locator('astro-island:has(section.digit):not([ssr])').waitFor();
  return section;
}

try {
  const browser = await chromium.launch({ executablePath: findChromium()?.executablePath, args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  for (const isolated of [true, false]) {
    const context = await browser.newContext();
    if (!isolated) {
      // Strip the isolation headers: what a host without COOP/COEP would serve.
      await context.route('**/*', async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['cross-origin-opener-policy'];
        delete headers['cross-origin-embedder-policy'];
        await route.fulfill({ response, headers });
      });
    }
    const page = await context.newPage();
    const section = await openPad(page);
    const canvas = section.getByRole('img', { name: /Drawing area/ });
    await canvas.scrollIntoViewIfNeeded();
    const started = performance.now();
    await drawDigit(page, canvas, 1);
    await section.getByTestId('digit-prediction').filter({ hasText: /^It looks like a/ }).waitFor({ timeout: 60_000 });
    const firstPrediction = performance.now() - started;
    const provider = await section.getByTestId('digit-provider').textContent();
    await section.getByRole('button', { name: 'Measure latency' }).click();
    const rows = section.getByTestId('digit-compare').locator('tbody tr');
    await rows.last().locator('td').last().filter({ hasText: /ms$/ }).waitFor({ timeout: 120_000 });
    console.log(`\n${isolated ? 'cross-origin isolated' : 'not isolated'}: ${provider}`);
    console.log(`  first stroke to first prediction (cold, includes drawing the stroke): ${(firstPrediction / 1000).toFixed(2)} s`);
    for (const row of await rows.all()) {
      const cells = await row.locator('th, td').allTextContents();
      console.log(`  ${cells[0]}: ${cells[1]}, accuracy ${cells[2]}, latency per digit ${cells[3]}`);
    }
    await context.close();
  }
  await browser.close();
} finally {
  await server.close();
}
