// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import codeBlockLabels from './src/plugins/code-block-labels.ts';
import linksValidator from './src/plugins/links-validator.ts';
import mathFont from './src/plugins/math-font.ts';
import rehypeMath from './src/plugins/rehype-math.ts';
import remarkMermaidStatic from './src/plugins/remark-mermaid-static.ts';
import mermaid from 'astro-mermaid';
import { canLaunch, findChromium, noChromiumAdvice } from './src/node/browser.ts';
import replaceStarlightToc from './src/plugins/replace-starlight-toc.ts';
import { appendixSlugs, chapterSlugs } from './src/config/chapters.ts';
import { editBaseUrl, siteUrl } from './src/config/site.ts';
import { baseHeaders } from './src/config/security.ts';
import { webManifest } from './src/config/offline.ts';
import lazyFiles from './src/plugins/lazy-files.ts';
import precompress from './src/plugins/precompress.ts';
import securityHeaders from './src/plugins/security-headers.ts';
import serviceWorker from './src/plugins/service-worker.ts';
import { readFileSync } from 'node:fs';

// What the MNIST trainer's worker downloads, with a progress bar, before it imports TensorFlow.js.
const tfjsFiles = () => lazyFiles({ id: 'virtual:tfjs-files', module: './src/workers/tfjs-backends.ts' });

// `astro dev` sends only the base headers (no Content-Security-Policy: Vite's dev server injects
// scripts of its own). The build is served by scripts/serve-dist.ts (npm run preview), with dist/_headers.

// Diagrams: rendered to SVG at build time where a headless Chromium can be launched (production,
// CI); drawn in the reader's browser by astro-mermaid where none can (a machine without Chromium,
// and `astro dev`, so that a writer sees a diagram redrawn as they edit it).
const command = process.argv.find((a) => ['dev', 'build', 'preview', 'check', 'sync'].includes(a));
let diagramBrowser = null;
if (command === 'build') {
  const found = findChromium();
  diagramBrowser = found && (await canLaunch(found)) ? found : null;
  if (!diagramBrowser) {
    console.warn(
      `[neural-guide] No headless Chromium could be launched${found ? ` (${found.source}: ${found.executablePath ?? 'Playwright’s own'})` : ''}: ` +
        `diagrams will be drawn in the reader's browser by astro-mermaid. For diagrams rendered at build time, ${noChromiumAdvice}.`,
    );
  }
}

export default defineConfig({
  site: siteUrl,
  server: { host: '127.0.0.1', port: 4321, headers: baseHeaders },
  vite: {
    plugins: [replaceStarlightToc(), tfjsFiles()],
    // Workers as ES modules keep their dynamic imports as chunks of their own: the MNIST trainer's worker
    // loads TensorFlow.js only when a run uses it (the default 'iife' inlines every import into the worker).
    worker: { format: 'es', plugins: () => [tfjsFiles()] },
  },
  markdown: {
    processor: unified({
      remarkPlugins: [
        remarkMath,
        ...(diagramBrowser ? [/** @type {[typeof remarkMermaidStatic, { executablePath?: string }]} */ ([remarkMermaidStatic, { executablePath: diagramBrowser.executablePath }])] : []),
      ],
      rehypePlugins: [rehypeMath],
    }),
  },
  integrations: [
    // Before Starlight, so that its code-block renderer leaves the diagrams to it.
    ...(diagramBrowser ? [] : [mermaid({ theme: 'default', autoTheme: true, enableLog: false })]),
    starlight({
      title: { 'zh-CN': '神经网络实战指南', en: 'Neural Networks, Corrected and Runnable' },
      description: '一篇 AI 大模型创业文章的勘误与可运行版：公式、算例、代码和 MNIST 训练都能在浏览器里亲手运行。',
      defaultLocale: 'root',
      locales: {
        root: { label: '简体中文', lang: 'zh-CN' },
        en: { label: 'English', lang: 'en' },
      },
      // Adds the per-page social image and structured data (src/route-data.ts).
      routeMiddleware: './src/route-data.ts',
      editLink: { baseUrl: editBaseUrl },
      // Starlight's Markdown transforms (asides, heading anchors) run on src/content/docs by
      // default; our chapters live in content/docs.
      markdown: { processedDirs: ['./content/docs'] },
      sidebar: [...chapterSlugs, ...appendixSlugs].map((slug) => ({ slug })),
      customCss: ['temml/dist/Temml-Local.css', './src/styles/custom.css'],
      // Inline (its SHA-256 goes into the Content-Security-Policy with the other inline scripts).
      head: [
        { tag: 'script', content: readFileSync('./src/browser/scroll-regions.js', 'utf8') },
        { tag: 'link', attrs: { rel: 'manifest', href: '/manifest.webmanifest' } },
        { tag: 'meta', attrs: { name: 'theme-color', content: webManifest.theme_color } },
      ],
      // Adds the service worker's registration (src/browser/offline.ts).
      components: { Head: './src/components/Head.astro' },
      plugins: [linksValidator({ errorOnLocalLinks: true }), codeBlockLabels()],
    }),
    // The runtime of the interactive islands (src/islands/).
    preact(),
    mathFont(),
    securityHeaders(),
    // After the headers (the pages' final bytes are revisioned), before compression.
    serviceWorker(),
    // Last: it compresses what the others wrote.
    precompress(),
  ],
});
