import type { Browser, Response } from '@playwright/test';
import { scrollThrough } from './scroll-through';

/** Bytes a page fetched, by kind: response bodies as transferred (the preview server gzips text, as hosts do). */
export interface PageWeight {
  jsBytes: number;
  totalBytes: number;
  /** URLs of the heavy things that must wait for the reader: ML runtimes, WebAssembly, data, models, workers */
  heavy: string[];
}

/** What counts as heavy: tfjs (the training worker), ONNX Runtime, any WebAssembly, MNIST data, ONNX models. */
export const heavyResource = /\.wasm$|\/ort\/|\/data\/mnist\/|\.onnx$|\.worker-[^/]*\.js$/;

/**
 * Load a page in a fresh browser context (nothing cached, like a first visit) and record what it
 * fetches: first as it loads, then after scrolling to the end so that every island hydrates (as a
 * reader who scrolls but starts no demo).
 */
export async function measurePageWeight(browser: Browser, url: string): Promise<{ onLoad: PageWeight; afterScroll: PageWeight }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen: { url: string; type: string; bytes: number }[] = [];
  const onResponse = async (response: Response) => {
    const request = response.request();
    const sizes = await request.sizes().catch(() => null);
    seen.push({ url: response.url(), type: request.resourceType(), bytes: sizes?.responseBodySize ?? 0 });
  };
  page.on('response', onResponse);
  const snapshot = (): PageWeight => ({
    jsBytes: seen.filter((r) => r.type === 'script' || /\.m?js(\?|$)/.test(r.url)).reduce((n, r) => n + r.bytes, 0),
    totalBytes: seen.reduce((n, r) => n + r.bytes, 0),
    heavy: seen.filter((r) => heavyResource.test(new URL(r.url).pathname)).map((r) => r.url),
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const onLoad = snapshot();
  await scrollThrough(page);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const afterScroll = snapshot();
  await context.close();
  return { onLoad, afterScroll };
}

/** Chapters with interactive demos, which may load their island code before the reader starts one. */
export const demoChapters = /^\/(en\/)?(algorithm|math|mnist|faq)\/$/;

/** JavaScript budgets (bytes), from the project's performance goals. */
export const jsBudget = { chapter: 60 * 1024, demoChapter: 150 * 1024 };
