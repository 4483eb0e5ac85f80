/**
 * A visitor on a phone, on Lighthouse's slow-4G link (1.6 Mbps down, 750 kbps up, 150 ms round
 * trip), arriving at /en/faq/ from a search engine and drawing on the pad at once:
 *   - first stroke → first prediction (the page's JavaScript answers while ONNX Runtime downloads),
 *     first stroke → ONNX Runtime's own, and the bytes that crossed the link in between;
 *   - when the service worker took control, and what the first visit downloaded in all;
 *   - the second visit's first prediction (a new tab, same browser);
 *   - offline (the link gone): every page reloaded, and the pad predicting.
 * The link is shaped here, between Chromium and the built site served as a host serves it
 * (scripts/serve-dist.ts: precompressed files, _headers): one queue for every connection, so the
 * service worker's own downloads share it, as they would on a phone (Chromium's network
 * emulation does not reach a service worker's requests). The phone reports a cellular connection
 * (navigator.connection), as a phone on 4G does. CPU is not slowed. Prints a table; asserts nothing.
 *   npm run bench:phone
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { chromium, type Page } from '@playwright/test';
import { findChromium } from '../src/node/browser';
import { drawDigit } from '../tests/e2e/digit-strokes';
import { serveDist } from './serve-dist';

const link = { downBytesPerSecond: 1_638_400 / 8, upBytesPerSecond: 768_000 / 8, rttMs: 150 };

interface ShapedLink {
  origin: string;
  /** Bytes delivered to the browser so far. */
  down(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of `upstreamPort`: each direction is one queue at its rate, every chunk
 * delayed by half the round trip, first come first served across connections.
 */
async function shapedLink(upstreamPort: number): Promise<ShapedLink> {
  let downFreeAt = 0;
  let upFreeAt = 0;
  let delivered = 0;
  const sockets = new Set<net.Socket>();
  const send = (to: net.Socket, chunk: Buffer, direction: 'down' | 'up') => {
    const rate = direction === 'down' ? link.downBytesPerSecond : link.upBytesPerSecond;
    for (let i = 0; i < chunk.length; i += 16_384) {
      const piece = chunk.subarray(i, i + 16_384);
      const now = Date.now();
      const freeAt = direction === 'down' ? downFreeAt : upFreeAt;
      const leaves = Math.max(now, freeAt) + (piece.length / rate) * 1000;
      if (direction === 'down') downFreeAt = leaves;
      else upFreeAt = leaves;
      setTimeout(() => {
        if (to.destroyed) return;
        if (direction === 'down') delivered += piece.length;
        to.write(piece);
      }, leaves + link.rttMs / 2 - now);
    }
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => send(upstream, chunk, 'up'));
    upstream.on('data', (chunk) => send(client, chunk, 'down'));
    // The end goes after the last byte queued for this connection.
    upstream.on('end', () => setTimeout(() => client.end(), Math.max(0, downFreeAt - Date.now()) + link.rttMs / 2));
    client.on('end', () => setTimeout(() => upstream.end(), Math.max(0, upFreeAt - Date.now()) + link.rttMs / 2));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    down: () => delivered,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function padPrediction(page: Page, url: string, digit: number) {
  if (url) await page.goto(url);
  const section = page.locator('section.digit');
  await section.scrollIntoViewIfNeeded();
  await page.locator('astro-island:has(section.digit):not([ssr])').waitFor({ timeout: 120_000 });
  const canvas = section.getByRole('img', { name: 'Drawing area' });
  const started = Date.now();
  await drawDigit(page, canvas, digit);
  const drawn = Date.now();
  await section.getByTestId('digit-prediction').filter({ hasText: /^It looks like a/ }).waitFor({ timeout: 180_000 });
  const ended = Date.now();
  const text = await section.getByTestId('digit-prediction').textContent();
  // The page's own JavaScript answers while ONNX Runtime downloads; ORT reads the drawing again once in.
  const by = /JavaScript/.test((await section.getByTestId('digit-latency').textContent()) ?? '') ? 'JavaScript' : 'ONNX Runtime';
  await section.getByTestId('digit-latency').filter({ hasText: /ms for this inference/ }).waitFor({ timeout: 180_000 });
  const ortMs = Date.now() - started;
  return { started, ms: ended - started, afterPen: ended - drawn, text, by, ortMs };
}

const site = await serveDist();
const shaped = await shapedLink(Number(new URL(site.origin).port));
const browser = await chromium.launch({
  executablePath: findChromium()?.executablePath,
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    serviceWorkers: 'allow',
  });
  await context.addInitScript(() => {
    Object.defineProperty(navigator, 'connection', { value: { type: 'cellular', effectiveType: '4g', saveData: false }, configurable: true });
  });
  const origin = shaped.origin;
  const rows: [string, string][] = [];

  const page = await context.newPage();
  const opened = Date.now();
  await page.goto(`${origin}/en/faq/`, { waitUntil: 'load' });
  rows.push(['first visit: page loaded', seconds(Date.now() - opened)]);
  const bytesBefore = shaped.down();
  const first = await padPrediction(page, '', 1);
  rows.push(['first stroke → first prediction', `${seconds(first.ms)}, ${seconds(first.afterPen)} after the pen lifts (${first.text}, by ${first.by})`]);
  rows.push(['first stroke → ONNX Runtime’s prediction', seconds(first.ortMs)]);
  rows.push(['  bytes over the link, stroke to ONNX Runtime’s prediction', megabytes(shaped.down() - bytesBefore)]);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 180_000, polling: 250 });
  rows.push(['service worker in control, after the stroke', seconds(Date.now() - first.started)]);
  rows.push(['  first visit, all bytes over the link', megabytes(shaped.down())]);
  await page.close();

  const second = await context.newPage();
  const bytesSecond = shaped.down();
  const again = await padPrediction(second, `${origin}/en/faq/`, 1);
  rows.push(['second visit: first stroke → first prediction', `${seconds(again.ms)}, ${seconds(again.afterPen)} after the pen lifts (${again.text}, by ${again.by})`]);
  rows.push(['  second visit, bytes over the link', megabytes(shaped.down() - bytesSecond)]);

  await shaped.close();
  const pages = [...readFileSync('dist/sitemap-0.xml', 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const failed: string[] = [];
  for (const path of pages) {
    const response = await second.goto(`${origin}${path}`).catch(() => null);
    const ok = response?.status() === 200 && (await second.locator('h1').first().isVisible());
    if (!ok) failed.push(path);
  }
  rows.push(['offline: pages that reload', `${pages.length - failed.length} of ${pages.length}${failed.length ? ` (not: ${failed.join(', ')})` : ''}`]);
  const offline = await padPrediction(second, `${origin}/en/faq/`, 1).catch((e: Error) => ({ ms: NaN, afterPen: NaN, text: `failed: ${e.message.split('\n')[0]}`, by: '–' }));
  rows.push(['offline: first stroke → first prediction', `${seconds(offline.ms)}, ${seconds(offline.afterPen)} after the pen lifts (${offline.text}, by ${offline.by})`]);

  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nslow 4G (${(link.downBytesPerSecond * 8) / 1e6} Mbps down, ${link.rttMs} ms round trip), 390 px phone, /en/faq/\n`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
} finally {
  await browser.close();
  await site.close();
}
