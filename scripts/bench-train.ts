/**
 * Training throughput of the article's MNIST network at batch 100, per engine, in one run, every
 * row timing the same number of steps after a warm-up on the same data (the first 10,000 training
 * digits, cycled): headless Chromium through the page's own "Compare backends" on every engine the
 * page offers; Node on the same engines the page's code runs there; and, where Debian's
 * python3-torch is installed, the article's network in PyTorch, pre-loaded and through a
 * DataLoader like the article's script. The ratio column compares with PyTorch + DataLoader, but
 * only on an optimized BLAS (OpenBLAS or MKL, what PyTorch's wheels ship): against the reference
 * BLAS it would flatter every other row.
 * Needs a built site (npm run build). Run: npm run bench:train [-- --steps 200]. Prints a table; asserts nothing.
 *
 * On a machine with a GPU, `npm run bench:gpu` (this script with --gpu) launches Chromium with the
 * flags that let headless Chromium on Linux use the GPU through Vulkan, and refuses to go on
 * (exit 1, saying what it found) when the page still sees only a software adapter.
 */
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { firstOf } from '../src/lib/mnist/idx';
import { timeEngines } from '../src/lib/training/measure';
import { flopsPerSample } from '../src/lib/training/spec';
import { findChromium } from '../src/node/browser';
import { mnistDataDir, readMnist } from './mnist-source';
import { loadNodeEngine, nodeEngineIds } from './node-engines';
import { serveDist } from './serve-dist';

const gpu = process.argv.includes('--gpu');
const stepsFlag = process.argv.indexOf('--steps');
const steps = stepsFlag > 0 ? Number(process.argv[stepsFlag + 1]) : 200;
const batch = 100;
/** The page measures on its default subset: the first 10,000 training digits. */
const digits = 10_000;
const rows: { where: string; samplesPerSecond: number | null; note?: string }[] = [];

// Browser: the page's own measurement, asked for `steps` steps per engine.
const server = await serveDist();
try {
  const browser = await chromium.launch({
    executablePath: findChromium()?.executablePath,
    args: [
      '--enable-unsafe-webgpu',
      // Headless Chromium on Linux renders in software unless told to use Vulkan, which Dawn's WebGPU then shares.
      ...(gpu ? ['--enable-features=Vulkan', '--use-angle=vulkan', '--use-vulkan=native', '--disable-vulkan-surface', '--ignore-gpu-blocklist'] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  await page.goto(`${server.origin}/en/mnist/?compare-steps=${steps}`);
  const adapter = await page
    .evaluate(async () => {
      const found = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });
      return found ? `${found.info.vendor} ${found.info.architecture} ${found.info.description}`.trim() : 'none';
    })
    .catch((error: unknown) => {
      // Seen on a machine without a Vulkan driver: with these flags together the page crashes.
      if (!gpu) throw error;
      throw new Error(`--gpu: the page crashed when asked for a WebGPU adapter on Vulkan; is a Vulkan driver and loader (libvulkan1) installed? (${String(error).split('\n')[0]})`);
    });
  console.log(`WebGPU adapter: ${adapter}`);
  if (gpu && (adapter === 'none' || /swiftshader|llvmpipe|cpu/i.test(adapter))) {
    await browser.close();
    throw new Error(`--gpu: the page sees no hardware WebGPU adapter (${adapter}); is a Vulkan driver and loader (libvulkan1) installed?`);
  }
  const section = page.locator('section.mnist');
  await section.scrollIntoViewIfNeeded();
  await page.locator('astro-island:has(section.mnist):not([ssr])').waitFor();
  const isolated = await page.evaluate(() => crossOriginIsolated);
  await section.getByRole('button', { name: 'Compare backends' }).click();
  await section.getByTestId('mnist-compare').waitFor({ timeout: 900_000 });
  for (const row of await section.getByTestId('mnist-compare').locator('tbody tr').all()) {
    const [name, value] = await Promise.all([row.locator('th').textContent(), row.locator('td').textContent()]);
    const speed = Number(value);
    rows.push({ where: `Chromium ${browser.version()}, ${name}`, samplesPerSecond: /^\d+$/.test(value ?? '') ? speed : null, note: isolated ? undefined : 'page not cross-origin isolated' });
  }
  await browser.close();
} finally {
  await server.close();
}

// Node: the same engines through the same measuring code.
const { rows: nodeRows } = await timeEngines(nodeEngineIds, loadNodeEngine, firstOf(readMnist('train'), digits), { steps, batchSize: batch });
for (const r of nodeRows) rows.push({ where: `Node ${process.version}, ${r.engine}`, samplesPerSecond: r.samplesPerSecond, note: r.error });

// PyTorch, when Debian's python3-torch is there.
let blas: { kind: string; libs: string; threads: string } | undefined;
const torch = spawnSync('/usr/bin/python3', ['scripts/bench_torch.py', mnistDataDir(), String(steps), String(batch), String(digits), '3'], { encoding: 'utf8' });
if (torch.status === 0) {
  for (const line of torch.stdout.trim().split('\n')) {
    const [where, value, ...rest] = line.split('\t');
    if (where === 'blas') blas = { kind: value!, libs: rest[0]!, threads: rest[1]! };
    else rows.push({ where: `${where} (${blas?.kind})`, samplesPerSecond: Number(value) });
  }
} else {
  console.log(`PyTorch not measured (is Debian's python3-torch installed?): ${torch.stderr.trim().split('\n').at(-1) ?? ''}`);
}

const optimized = blas && (blas.kind === 'OpenBLAS' || blas.kind === 'MKL');
const yardstick = optimized ? rows.find((r) => r.where.includes('DataLoader')) : undefined;
console.log(`\n${steps} timed steps of batch ${batch} per row (after warm-up), ${(flopsPerSample / 1e6).toFixed(3)} MFLOP per sample:\n`);
for (const r of rows) {
  const s = r.samplesPerSecond;
  const cells = s
    ? [`${((batch * 1000) / s).toFixed(2).padStart(8)} ms`, `${Math.round(s).toString().padStart(7)} /s`, `${((s * flopsPerSample) / 1e9).toFixed(1).padStart(5)} GFLOP/s`]
    : ['not measured'];
  const ratio = s && yardstick?.samplesPerSecond ? `  ${(s / yardstick.samplesPerSecond).toFixed(2)}×` : '';
  console.log(`${r.where.padEnd(52)} ${cells.join(' ')}${ratio}${r.note ? `  (${r.note})` : ''}`);
}
if (blas) console.log(`\nPyTorch loaded ${blas.kind} (${blas.libs || 'no BLAS library mapped'}), ${blas.threads} threads.`);
if (blas && !optimized) {
  console.log(
    'No ratio printed: this PyTorch runs on the reference BLAS, about ten times slower than the OpenBLAS or MKL that\n' +
      "PyTorch's own wheels ship. Install Debian's libopenblas0-pthread for an honest yardstick.",
  );
} else if (yardstick) {
  console.log('Ratios: samples/s over PyTorch + DataLoader on the same machine.');
}
