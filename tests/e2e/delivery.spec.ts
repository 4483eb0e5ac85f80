import type { Page } from '@playwright/test';
import { ortDir } from '../../src/lib/onnx/ort-files';
import { drawDigit } from './digit-strokes';
import { expect, hydrated, test } from './fixtures';

const ortBinary = `/${ortDir}ort-wasm-simd-threaded.wasm`;

/** Requests for ORT's files or a model, in the order the page made them. */
function watchHeavy(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/ort/') || path.endsWith('.onnx')) seen.push(path);
  });
  return seen;
}

test.describe('delivery: compressed, cached, shown while it downloads', () => {
  test.setTimeout(90_000);

  test('a host sends the precompressed files, hashed and versioned ones immutable, pages revalidated', async ({ request }) => {
    const wasm = await request.get(ortBinary, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(wasm.headers()['content-encoding']).toBe('br');
    expect(wasm.headers()['vary']).toBe('Accept-Encoding');
    expect(wasm.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    // ORT's 14 MB binary travels as about 2.3 MB of Brotli.
    expect(Number(wasm.headers()['content-length'])).toBeLessThan(3_000_000);
    expect((await wasm.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));

    const gzipOnly = await request.get(ortBinary, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzipOnly.headers()['content-encoding']).toBe('gzip');

    const page = await request.get('/en/faq/', { headers: { 'Accept-Encoding': 'br' } });
    expect(page.headers()['content-encoding']).toBe('br');
    expect(page.headers()['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(page.headers()['cross-origin-embedder-policy']).toBe('require-corp');

    const model = await request.get('/models/mnist-mlp.int8.onnx');
    expect(model.headers()['cache-control']).toBe('public, max-age=0, must-revalidate');
    const etag = model.headers()['etag']!;
    expect((await request.get('/models/mnist-mlp.int8.onnx', { headers: { 'If-None-Match': etag } })).status()).toBe(304);
  });

  test('ORT and the model download side by side under a progress bar, on a slow connection', async ({ page }) => {
    const heavy = watchHeavy(page);
    const section = await hydrated(page, 'section.digit', '/en/faq/');
    const cdp = await page.context().newCDPSession(page);
    // Lighthouse's slow 4G: 1.6 Mbit/s down, 150 ms round trip.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 94_000 });
    await drawDigit(page, section.getByRole('img', { name: /Drawing area/ }), 7);
    const bar = section.getByRole('progressbar', { name: /^Downloading ONNX Runtime and the model: \d+\.\d of 13\.8 MB$/ });
    await expect(bar).toBeVisible();
    const value = async () => Number(await bar.getAttribute('value'));
    await expect.poll(value, { timeout: 20_000 }).toBeGreaterThan(100_000);
    const early = await value();
    await expect.poll(value, { timeout: 20_000 }).toBeGreaterThan(early);
    expect(Number(await bar.getAttribute('max'))).toBeGreaterThan(14_000_000);
    // Both started before either finished: the model did not wait for the runtime.
    expect(heavy).toContain(ortBinary);
    expect(heavy).toContain('/models/mnist-mlp.int8.onnx');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a 7 \(/, { timeout: 30_000 });
    await expect(bar).toHaveCount(0);
  });

  test('the first answer comes from the page’s JavaScript while ORT downloads, and ORT’s follows, the same', async ({ page }) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**${ortBinary}`, async (route) => {
      await held;
      await route.continue();
    });
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    const section = await hydrated(page, 'section.digit', '/en/faq/');
    await drawDigit(page, section.getByRole('img', { name: /Drawing area/ }), 7);
    // The forward pass's module was asked for beside the model, ahead of ORT's binary: on a slow link
    // asked for later it would arrive after the binary's megabytes.
    const order = (pattern: RegExp) => asked.findIndex((p) => pattern.test(p));
    expect(order(/\/mlp-forward\.[\w-]+\.js$/)).toBeGreaterThan(-1);
    expect(order(/\/mlp-forward\.[\w-]+\.js$/)).toBeLessThan(order(/ort-wasm-simd-threaded\.wasm$/));
    expect(order(/\/models\/mnist-mlp\.int8\.onnx$/)).toBeLessThan(order(/ort-wasm-simd-threaded\.wasm$/));
    const prediction = section.getByTestId('digit-prediction');
    const latency = section.getByTestId('digit-latency');
    await expect(prediction).toHaveText(/^It looks like a 7 \(/, { timeout: 30_000 });
    await expect(latency).toContainText("computed by this page's own JavaScript while ONNX Runtime downloads");
    await expect(section.getByRole('progressbar', { name: /^Downloading ONNX Runtime and the model/ })).toBeVisible();
    await expect(section.getByTestId('digit-provider')).toHaveCount(0);
    const bars = section.getByTestId('digit-probabilities').locator('.num');
    const byJs = await bars.allTextContents();
    release();
    await expect(latency).toContainText('ms for this inference', { timeout: 30_000 });
    await expect(section.getByTestId('digit-provider')).toContainText('ONNX Runtime Web on WebAssembly');
    await expect(prediction).toHaveText(/^It looks like a 7 \(/);
    // The same probabilities to the tenth of a percent shown: the two compute the same graph.
    expect(await bars.allTextContents()).toEqual(byJs);
  });

  test('the trainer shows MNIST downloading under a progress bar, on a slow connection', async ({ page }) => {
    const section = await hydrated(page, 'section.mnist', '/en/mnist/?epochs=1');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 94_000 });
    await section.getByRole('button', { name: 'Start training' }).click();
    // The default subset: 10,000 training and 2,000 test digits, 1.8 MB compressed.
    const bar = section.getByRole('progressbar', { name: /^Downloading MNIST: \d+\.\d of 1\.8 MB$/ });
    await expect(bar).toBeVisible({ timeout: 20_000 });
    const value = async () => Number(await bar.getAttribute('value'));
    await expect.poll(value, { timeout: 20_000 }).toBeGreaterThan(100_000);
    const early = await value();
    await expect.poll(value, { timeout: 20_000 }).toBeGreaterThan(early);
    expect(Number(await bar.getAttribute('max'))).toBeGreaterThan(1_800_000);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(bar).toHaveCount(0, { timeout: 30_000 });
    await expect(section.getByTestId('mnist-status')).not.toContainText('Downloading');
    await section.getByRole('button', { name: 'Stop' }).click();
  });

  test('a download that fails says so where the reader is looking, and Try again recovers', async ({ page, watch }) => {
    let failing = true;
    let failures = 0;
    await page.route(`**${ortBinary}`, async (route) => {
      if (!failing) return route.continue();
      failures++;
      await route.fulfill({ status: 503, body: 'busy' });
    });
    const section = await hydrated(page, 'section.digit', '/faq/');
    await drawDigit(page, section.getByRole('img', { name: /绘图区/ }), 1);
    const alert = section.getByRole('alert');
    await expect(alert).toContainText('未能下载 ONNX Runtime 和模型（');
    await expect(alert).toContainText(`${ortBinary}: HTTP 503`);
    await expect(alert).toContainText('请检查网络后重试');
    // The model itself came: the page's JavaScript reads the drawing without ORT.
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^看起来是 1（/);
    await expect(section.getByTestId('digit-latency')).toContainText('由本页自己的 JavaScript 算出');
    failing = false;
    await section.getByRole('button', { name: '重试' }).click();
    await expect(section.getByTestId('digit-latency')).toContainText('本次推理耗时', { timeout: 30_000 });
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^看起来是 1（/);
    await expect(alert).toHaveCount(0);
    // The browser itself reports the 503 on the console; that one is expected here.
    const expected = watch.problems.filter((p) => /status of 503/.test(p));
    expect(expected).toHaveLength(failures);
    for (const p of expected) watch.problems.splice(watch.problems.indexOf(p), 1);
  });

  test('the pad’s test digits download under a progress bar, on a slow connection', async ({ page }) => {
    const section = await hydrated(page, 'section.digit', '/en/faq/');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 100_000, uploadThroughput: 94_000 });
    await section.getByRole('button', { name: 'Draw a test digit for me' }).click();
    await expect(section.getByTestId('digit-prediction')).toHaveText('Downloading the MNIST test digits…');
    const bar = section.getByRole('progressbar', { name: /^Downloading the MNIST test digits: \d+\.\d of 0\.\d MB$/ });
    await expect(bar).toBeVisible({ timeout: 20_000 });
    await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(50_000);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(bar).toHaveCount(0, { timeout: 30_000 });
    await expect(section.getByTestId('digit-prediction')).toHaveText(/^It looks like a \d/, { timeout: 30_000 });
  });

  test('the trainer: MNIST failing to download says so under Start, and Try again trains', async ({ page }) => {
    let failing = true;
    let failures = 0;
    await page.route('**/data/mnist/**', async (route) => {
      if (!failing) return route.continue();
      failures++;
      await route.fulfill({ status: 503, body: 'busy' });
    });
    const section = await hydrated(page, 'section.mnist', '/en/mnist/?mnist.epochs=1&mnist.count=500');
    await section.getByRole('button', { name: 'Start training' }).click();
    const alert = section.getByRole('alert');
    await expect(alert).toContainText('Downloading MNIST failed (');
    await expect(alert).toContainText('HTTP 503');
    // Said once, where the bar was: the status line above it does not repeat it.
    await expect(section.getByTestId('mnist-status')).toBeHidden();
    failing = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(section.getByTestId('mnist-status')).toContainText('Finished', { timeout: 60_000 });
    await expect(alert).toHaveCount(0);
    // The worker fetched the data: the browser's report of the 503 stays in the worker's console, not the page's.
    expect(failures).toBeGreaterThan(0);
  });

  test('the trainer shows TensorFlow.js downloading, and its import finds the files cached instead of fetching them again', async ({ page }) => {
    const section = await hydrated(page, 'section.mnist', '/en/mnist/?mnist.epochs=1&mnist.count=500&mnist.backend=tfjs-wasm');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 94_000 });
    await section.getByRole('button', { name: 'Start training' }).click();
    // tfjs's scripts and its SIMD binary, 2.6 MB uncompressed, after the 1.8 MB of MNIST.
    const bar = section.getByRole('progressbar', { name: /^Downloading TensorFlow\.js: \d+\.\d of 2\.\d MB$/ });
    await expect(bar).toBeVisible({ timeout: 40_000 });
    const value = async () => Number(await bar.getAttribute('value'));
    const early = await value();
    await expect.poll(value, { timeout: 20_000 }).toBeGreaterThan(early);
    expect(Number(await bar.getAttribute('max'))).toBeGreaterThan(2_500_000);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(section.getByTestId('mnist-status')).toContainText('Finished', { timeout: 60_000 });
    await expect(bar).toHaveCount(0);
    await expect(section.getByTestId('mnist-backend')).toContainText('TensorFlow.js, WebAssembly');
    const worker = page.workers().find((w) => w.url().includes('mnist-trainer.worker'))!;
    const fetches = await worker.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => /\/(tfjs-backends-[\w-]+\.js|tfjs-backend-wasm-simd-[\w-]+\.wasm)$/.test(e.name))
        .map((e) => ({ file: e.name.replace(/.*\//, '').replace(/-[\w]+\.(js|wasm)$/, '.$1'), initiator: e.initiatorType, fromNetwork: e.transferSize > 0 })),
    );
    // Each file came over the network once, for the bar; tfjs's own import and fetch found it cached.
    for (const file of ['tfjs-backends.js', 'tfjs-backend-wasm-simd.wasm']) {
      const mine = fetches.filter((f) => f.file === file);
      expect(mine.length, JSON.stringify(fetches)).toBe(2);
      expect(mine.filter((f) => f.fromNetwork), JSON.stringify(fetches)).toHaveLength(1);
    }
  });

  test('TensorFlow.js failing to download: the run says why and goes on with another engine', async ({ page, watch }) => {
    let failures = 0;
    await page.route('**/_astro/tfjs-backends-*.js', async (route) => {
      failures++;
      await route.fulfill({ status: 503, body: 'busy' });
    });
    const section = await hydrated(page, 'section.mnist', '/en/mnist/?mnist.epochs=1&mnist.count=500&mnist.backend=tfjs-wasm');
    await section.getByRole('button', { name: 'Start training' }).click();
    const notice = section.locator('.mnist__notice');
    await expect(notice).toContainText('TensorFlow.js, WebAssembly', { timeout: 30_000 });
    await expect(notice).toContainText(/tfjs-backends-[\w-]+\.js: HTTP 503/);
    await expect(section.getByTestId('mnist-status')).toContainText('Finished', { timeout: 60_000 });
    await expect(section.getByRole('progressbar', { name: /TensorFlow\.js/ })).toHaveCount(0);
    expect(failures).toBe(1);
    for (const p of watch.problems.filter((p) => /status of 503/.test(p))) watch.problems.splice(watch.problems.indexOf(p), 1);
  });

  test('“Compare backends” shows MNIST, then TensorFlow.js, downloading', async ({ page }) => {
    const trainer = await hydrated(page, 'section.mnist', '/en/mnist/');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 400_000, uploadThroughput: 94_000 });
    await trainer.getByRole('button', { name: 'Compare backends' }).click();
    await expect(trainer.getByRole('progressbar', { name: /^Downloading MNIST: \d+\.\d of 1\.\d MB$/ })).toBeVisible({ timeout: 20_000 });
    await expect(trainer.getByRole('progressbar', { name: /^Downloading TensorFlow\.js: \d+\.\d of 2\.\d MB$/ })).toBeVisible({ timeout: 40_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(trainer.getByTestId('mnist-compare')).toBeVisible({ timeout: 90_000 });
    await expect(trainer.getByRole('progressbar', { name: /^Downloading/ })).toHaveCount(0);
  });

  test('focus on the pad starts the downloads before the first stroke', async ({ page }) => {
    const heavy = watchHeavy(page);
    const section = await hydrated(page, 'section.digit', '/en/mnist/');
    expect(heavy).toEqual([]);
    await section.getByRole('button', { name: 'Recognize' }).focus();
    await expect.poll(() => heavy.includes(ortBinary)).toBe(true);
    expect(heavy).toContain('/models/mnist-mlp.int8.onnx');
  });

  test('the pad in view for a few seconds starts them where the connection allows; scrolling past does not', async ({ page }) => {
    const heavy = watchHeavy(page);
    await page.goto('/en/faq/');
    const pad = page.locator('section.digit');
    await pad.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(3500);
    expect(heavy, 'a glance at the pad on the way down is not intent').toEqual([]);
    await hydrated(page, 'section.digit');
    await expect.poll(() => heavy.includes(ortBinary), { timeout: 10_000 }).toBe(true);
  });
});
