/**
 * The MNIST subsets the site publishes (built by scripts/build-mnist-assets.ts). The default is light
 * enough for a phone (under 2 MB to download); the full set is fetched only on request.
 */
export const mnistSubsets = {
  default: { train: 10_000, test: 2_000 },
  full: { train: 60_000, test: 10_000 },
} as const;

export type MnistSubset = keyof typeof mnistSubsets;

/**
 * URLs of one split's files under the site's base URL. The files are gzip-compressed IDX, named
 * `.bin` rather than `.gz` so that servers do not label them `Content-Encoding: gzip` (the page
 * decompresses them itself with DecompressionStream).
 */
export function mnistFiles(base: string, subset: MnistSubset, split: 'train' | 'test') {
  const n = mnistSubsets[subset][split];
  const dir = `${base.replace(/\/?$/, '/')}data/mnist/`;
  return { images: `${dir}${split}-${n}-images.idx-gz.bin`, labels: `${dir}${split}-${n}-labels.idx-gz.bin` };
}
