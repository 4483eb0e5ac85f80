// @ts-check
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

export default defineConfig(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'tests/fixtures/.sites/', 'test-results/', 'playwright-report/', 'screenshots/', '.ci/.node/', 'public/ort/', 'src/lib/engines/wasm/assembly/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    // Plain browser scripts inlined into pages.
    files: ['src/browser/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['addEventListener', 'document', 'IntersectionObserver', 'MutationObserver', 'setTimeout', 'clearTimeout'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    // src/lib is the pure compute behind the islands, the examples and the tests: it runs in Node as
    // in browsers and workers, and never reaches into the page or the UI.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['astro', 'astro:*', 'astro/*', '@astrojs/*'], message: 'src/lib runs outside Astro: no Astro imports.' },
            { group: ['preact', 'preact/*', '@preact/*', '**/islands/**', '**/components/**', '**/browser/**', '**/workers/**'], message: 'src/lib never calls UI or browser-only code; progress leaves through callbacks.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'getComputedStyle', 'requestAnimationFrame', 'HTMLElement', 'HTMLCanvasElement', 'OffscreenCanvas', 'ImageData', 'Image'].map((name) => ({
          name,
          message: 'src/lib has no DOM: it runs in Node and in workers.',
        })),
      ],
    },
  },
);
