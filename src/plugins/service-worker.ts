import type { AstroIntegration } from 'astro';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { generateSW } from 'workbox-build';
import { precacheLimit, serviceWorkerPath, webManifest } from '../config/offline';

/**
 * After the build: the web app manifest with its icons (drawn from the favicon), then the service
 * worker (Workbox's generateSW). It precaches every page, style, script, font and the search index
 * at install; what only a demo loads (ONNX Runtime, models, MNIST, TensorFlow.js and its wasm) is
 * cached on its first use. Runs after the security headers (the pages' final bytes are what get
 * revisioned) and before precompression (which then compresses the worker too).
 */
export default function serviceWorker(): AstroIntegration {
  return {
    name: 'neural-guide:service-worker',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const svg = readFileSync(path.join(out, 'favicon.svg'));
        mkdirSync(path.join(out, 'icons'), { recursive: true });
        for (const icon of webManifest.icons) {
          const size = Number(icon.sizes.split('x')[0]);
          // A maskable icon keeps its drawing inside the central 80% that every mask leaves visible.
          const inner = icon.purpose === 'maskable' ? Math.round(size * 0.7) : size;
          const drawn = await sharp(svg, { density: (72 * inner) / 32 })
            .resize(inner, inner)
            .png()
            .toBuffer();
          const png =
            icon.purpose === 'maskable'
              ? await sharp({
                  create: {
                    width: size,
                    height: size,
                    channels: 4,
                    background: webManifest.background_color,
                  },
                })
                  .composite([{ input: drawn, gravity: 'center' }])
                  .png()
                  .toBuffer()
              : drawn;
          writeFileSync(path.join(out, icon.src), png);
        }
        writeFileSync(path.join(out, 'manifest.webmanifest'), JSON.stringify(webManifest, null, 2));

        const { count, size, warnings } = await generateSW({
          globDirectory: out,
          swDest: path.join(out, serviceWorkerPath),
          globPatterns: ['**/*.{html,css,js,mjs,svg,png,woff2,webmanifest}', 'pagefind/**/*'],
          globIgnores: [
            // What only a demo loads, and what no page needs offline.
            'ort/**',
            'models/**',
            'data/**',
            'og/**',
            '**/*.br',
            '**/*.gz',
            '_astro/*.wasm',
            serviceWorkerPath,
          ],
          // Demo-only bundles (TensorFlow.js, the ONNX tooling) are the files
          // over this size: cached when a demo first loads them, not with every page.
          manifestTransforms: [
            async (entries) => ({
              manifest: entries.filter((e) => !e.url.startsWith('_astro/') || e.size <= precacheLimit),
              warnings: [],
            }),
          ],
          // The limit that matters is precacheLimit above; this one only keeps Workbox from warning about files it filters.
          maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
          // Hashed names change with their content: no revision needed.
          dontCacheBustURLsMatching: /^_astro\/|^pagefind\/(fragment|index)\//,
          // A page's settings live in its query string (src/islands/shared/useUrlSettings.ts): /mnist/?epochs=3 is /mnist/.
          ignoreURLParametersMatching: [/.*/],
          cleanupOutdatedCaches: true,
          // The first visit's page comes under the worker as soon as it is installed, so that a demo
          // the reader starts afterwards is cached for next time. A new worker waits until the
          // reader accepts the reload (src/browser/offline.ts).
          clientsClaim: true,
          skipWaiting: false,
          inlineWorkboxRuntime: true,
          sourcemap: false,
          runtimeCaching: [
            {
              // Hashed or versioned: a cached copy is the current one.
              urlPattern: ({ url, sameOrigin }) => sameOrigin && /^\/(_astro|ort)\//.test(url.pathname),
              handler: 'CacheFirst',
              options: {
                cacheName: 'demo-code',
                expiration: { maxEntries: 40 },
              },
            },
            {
              // Models and data keep their names across deploys: the network's copy when there is one.
              urlPattern: ({ url, sameOrigin }) => sameOrigin && /^\/(models|data)\//.test(url.pathname),
              handler: 'NetworkFirst',
              options: {
                cacheName: 'demo-data',
                expiration: { maxEntries: 40 },
              },
            },
          ],
        });
        for (const w of warnings) logger.warn(w);
        logger.info(`${serviceWorkerPath}: ${count} files precached (${(size / 1024 / 1024).toFixed(2)} MB before compression)`);
      },
    },
  };
}
