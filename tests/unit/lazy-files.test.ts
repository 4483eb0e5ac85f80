import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Rolldown } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { hasWasmSimd } from '../../src/browser/capabilities';
import { filesToFetch, type LazyFiles } from '../../src/lib/lazy-files';
import lazyFiles from '../../src/plugins/lazy-files';

const dir = mkdtempSync(path.join(tmpdir(), 'lazy-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Builds a worker-like entry that imports `heavy.ts` on demand, with the plugin, and returns the output. */
async function bundle(source: Record<string, string>, module = 'heavy.ts') {
  for (const [name, text] of Object.entries(source)) writeFileSync(path.join(dir, name), text);
  const out = (await build({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    plugins: [lazyFiles({ id: 'virtual:heavy-files', module: path.join(dir, module) })],
    build: { write: false, minify: true, rolldownOptions: { input: path.join(dir, 'entry.ts') } },
  })) as Rolldown.RolldownOutput;
  return out.output;
}

describe('the lazy-files plugin', () => {
  it('writes into the importer the scripts its import() fetches, and the size of every other file, as built', async () => {
    const output = await bundle({
      'entry.ts': `import files from 'virtual:heavy-files'; import { shared } from './shared'; Object.assign(globalThis, { files, shared, load: () => import('./heavy') });`,
      'heavy.ts': `import { big } from './big'; import { shared } from './shared'; export const heavy = () => big + shared;`,
      'big.ts': `export const big = ${JSON.stringify('x'.repeat(50_000))};`,
      'shared.ts': `export const shared = 'shared by the entry and the heavy module';`,
    });
    const chunks = output.filter((f): f is Rolldown.OutputChunk => f.type === 'chunk');
    const entry = chunks.find((c) => c.isEntry)!;
    const heavy = chunks.find((c) => c.facadeModuleId === path.join(dir, 'heavy.ts'))!;
    const written = /\((\{"scripts".*?\})\)/.exec(entry.code);
    expect(written, entry.code).not.toBeNull();
    const files = JSON.parse(written![1]!) as LazyFiles;
    // The heavy module's chunk and what it imports, without what the entry has loaded already.
    const closure = new Set([heavy.fileName, ...heavy.imports.filter((f) => !entry.imports.includes(f) && f !== entry.fileName)]);
    expect(new Set(files.scripts.map((s) => path.posix.join(path.posix.dirname(entry.fileName), s)))).toEqual(closure);
    for (const chunk of chunks.filter((c) => c !== entry)) {
      expect(files.bytes[path.posix.relative(path.posix.dirname(entry.fileName), chunk.fileName)]).toBe(Buffer.byteLength(chunk.code));
    }
    expect(Object.values(files.bytes).reduce((n, b) => n + b, 0)).toBeGreaterThan(50_000);
  });

  it('fails the build when the module is not imported on demand, instead of listing nothing', async () => {
    await expect(
      bundle({
        'entry.ts': `import files from 'virtual:heavy-files'; import { heavy } from './heavy'; Object.assign(globalThis, { files, heavy });`,
        'heavy.ts': `export const heavy = 1;`,
      }),
    ).rejects.toThrow(/no chunk of its own for .*heavy\.ts/);
  });
});

describe('filesToFetch', () => {
  const files: LazyFiles = { scripts: ['tf-1.js', 'runtime-2.js'], bytes: { 'tf-1.js': 2_000_000, 'runtime-2.js': 1_000, 'tf-simd-3.wasm': 400_000, 'other-4.wasm': 9 } };
  const worker = 'https://guide.example/_astro/trainer.worker-0.js';

  it('resolves the scripts beside the worker, and the assets the worker names, with their built sizes', () => {
    expect(filesToFetch(files, worker, ['/_astro/tf-simd-3.wasm'])).toEqual([
      { url: 'https://guide.example/_astro/tf-1.js', bytes: 2_000_000 },
      { url: 'https://guide.example/_astro/runtime-2.js', bytes: 1_000 },
      { url: 'https://guide.example/_astro/tf-simd-3.wasm', bytes: 400_000 },
    ]);
  });

  it('leaves out what the build did not measure (astro dev measures nothing)', () => {
    expect(filesToFetch({ scripts: [], bytes: {} }, worker, ['/src/x.wasm'])).toEqual([]);
    expect(filesToFetch(files, worker, ['/_astro/unknown.wasm'])).toHaveLength(2);
  });
});

describe('the worker’s WebAssembly SIMD test', () => {
  it('agrees with TensorFlow.js’s own, which it overrides so that tfjs loads the binary the worker downloaded', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-wasm');
    expect(hasWasmSimd()).toBe(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    expect(hasWasmSimd()).toBe(true);
  });
});
