import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** What is worth compressing: text and WebAssembly. Images, Pagefind's index and the MNIST files are compressed already. */
const compressible = /\.(html|js|mjs|css|json|svg|wasm|xml|txt|webmanifest|onnx)$/;

/** Brotli at its best quality takes about a minute for ORT's 14 MB binary: results are kept by content hash. */
const cacheDir = 'node_modules/.cache/neural-guide-precompress';

const encoders = {
  br: (bytes: Buffer) =>
    promisify(brotliCompress)(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }),
  gz: (bytes: Buffer) => promisify(gzip)(bytes, { level: 9 }),
};

async function encoded(bytes: Buffer, kind: keyof typeof encoders): Promise<Buffer> {
  const cached = path.join(cacheDir, `${createHash('sha256').update(bytes).digest('hex')}.${kind}`);
  if (existsSync(cached)) return readFileSync(cached);
  const out = await encoders[kind](bytes);
  writeFileSync(cached, out);
  return out;
}

/**
 * After the build: a `.br` (Brotli, quality 11) and a `.gz` (gzip, level 9) beside every
 * compressible file, for servers that send precompressed files (`npm run preview` does; so do most
 * static hosts) instead of compressing on the fly at a lower level, or not at all. A variant that
 * saves under 5% is not written. Runs last, after every other integration has written its files.
 */
export default function precompress(): AstroIntegration {
  return {
    name: 'neural-guide:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        mkdirSync(cacheDir, { recursive: true });
        const files = readdirSync(out, { withFileTypes: true, recursive: true })
          .filter((entry) => entry.isFile() && compressible.test(entry.name))
          .map((entry) => path.join(entry.parentPath, entry.name));
        let raw = 0;
        let br = 0;
        let written = 0;
        // zlib's asynchronous calls run on libuv's thread pool: every core compresses.
        await Promise.all(
          files.map(async (file) => {
            const bytes = readFileSync(file);
            if (bytes.length < 1024) return;
            for (const kind of ['br', 'gz'] as const) {
              const packed = await encoded(bytes, kind);
              if (packed.length > bytes.length * 0.95) continue;
              writeFileSync(`${file}.${kind}`, packed);
              written++;
              if (kind === 'br') {
                raw += bytes.length;
                br += packed.length;
              }
            }
          }),
        );
        logger.info(`${written} precompressed files; Brotli ${(raw / 1024 / 1024).toFixed(1)} MB → ${(br / 1024 / 1024).toFixed(1)} MB`);
      },
    },
  };
}
