import { download } from '../download';
import { mnistFiles, type MnistSubset } from './assets';
import { gunzip, parseMnist, type MnistSet } from './idx';

export interface LoadedSet {
  set: MnistSet;
  /** compressed bytes fetched for this call: 0 when the set was already loaded */
  downloaded: number;
}

const cache = new Map<string, Promise<MnistSet>>();

/**
 * One split of one of the site's MNIST subsets: fetched from under `base`, gunzipped, parsed and
 * validated, then kept for the life of the page (or worker), so that a second run or a second demo
 * does not download it again. `onProgress` hears each file's size as its response arrives (where the
 * server gives it) and the compressed bytes as they arrive, as increments to add up. A failed load
 * is forgotten, so the next call tries again.
 */
export async function loadMnist(
  base: string,
  subset: MnistSubset,
  split: 'train' | 'test',
  onProgress?: (increment: { bytes: number; size: number }) => void,
): Promise<LoadedSet> {
  const files = mnistFiles(base, subset, split);
  const key = `${files.images} ${files.labels}`;
  const cached = cache.get(key);
  if (cached) return { set: await cached, downloaded: 0 };
  let downloaded = 0;
  const count = (n: number) => {
    downloaded += n;
    onProgress?.({ bytes: n, size: 0 });
  };
  const size = (n: number) => onProgress?.({ bytes: 0, size: n });
  const loading = (async () => {
    const [images, labels] = await Promise.all([download(files.images, { onBytes: count, onSize: size }), download(files.labels, { onBytes: count, onSize: size })]);
    return parseMnist(await gunzip(images), await gunzip(labels), `MNIST ${split}`);
  })();
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  return { set: await loading, downloaded };
}
