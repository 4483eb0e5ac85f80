/** Where the build writes the service worker (src/plugins/service-worker.ts); its scope is the whole site. */
export const serviceWorkerPath = 'sw.js';

/**
 * Files under `_astro/` larger than this are demo-only bundles (the MNIST worker with TensorFlow.js
 * at 2.5 MB, the ONNX tooling at about 130 KB): cached when a demo first loads them rather than
 * precached with every page. Everything a page needs to render and search is well under it.
 */
export const precacheLimit = 100 * 1024;

interface ManifestIcon {
  src: string;
  sizes: string;
  type: 'image/png';
  purpose: 'any' | 'maskable';
}

const icons: ManifestIcon[] = [
  {
    src: 'icons/icon-192.png',
    sizes: '192x192',
    type: 'image/png',
    purpose: 'any',
  },
  {
    src: 'icons/icon-512.png',
    sizes: '512x512',
    type: 'image/png',
    purpose: 'any',
  },
  {
    src: 'icons/maskable-512.png',
    sizes: '512x512',
    type: 'image/png',
    purpose: 'maskable',
  },
];

/** The web app manifest, one for the whole site: the guide opens on its Chinese landing page, which links to the English one. */
export const webManifest = {
  name: '神经网络实战指南 · Neural Networks, Corrected and Runnable',
  short_name: '神经网络指南',
  description: '一篇 AI 大模型创业文章的勘误与可运行版。A corrected, runnable edition of an article on building neural networks.',
  lang: 'zh-CN',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  background_color: '#1d4ed8',
  theme_color: '#1d4ed8',
  icons: icons.map((icon) => ({ ...icon, src: `/${icon.src}` })),
} as const;
