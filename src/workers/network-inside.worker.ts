/// <reference lib="webworker" />
// The look inside the network computes here, off the page's thread: reading the ONNX file's weights
// (protobuf), unpacking the test digits, and each digit's forward pass and logit shares.
import { expose, transfer } from 'comlink';
import { download } from '../lib/download';
import type { MnistSet } from '../lib/mnist/idx';
import { loadMnist } from '../lib/mnist/load';
import { lookInside, type Look } from '../lib/nn/inside';
import { readMlpWeights } from '../lib/onnx/weights';

export type InsideSource = 'shipped' | 'page';

const models: Partial<Record<InsideSource, Float32Array[]>> = {};
let digits: MnistSet | null = null;

const weightsOf = (source: InsideSource) => {
  const w = models[source];
  if (!w) throw new Error(`no ${source} model is open`);
  return w;
};
/** W1 (float32 [784, 256]) for the page to draw, as a copy it owns. */
const firstLayer = (source: InsideSource) => {
  const copy = weightsOf(source)[0]!.slice();
  return transfer(copy, [copy.buffer]);
};

const api = {
  /**
   * Download the shipped model and the test digits in parallel; `onProgress` hears bytes so far of
   * the total (the model's size from its card plus the digits' sizes as the server gives them).
   */
  async open(options: { base: string; modelUrl: string; modelBytes: number }, onProgress: (p: { loaded: number; total: number }) => void): Promise<{ count: number; firstLayer: Float32Array }> {
    const heard = { model: 0, data: 0, dataTotal: 0 };
    const report = () => onProgress({ loaded: heard.model + heard.data, total: options.modelBytes + heard.dataTotal });
    const [bytes, test] = await Promise.all([
      models.shipped ? null : download(options.modelUrl, { onBytes: (n) => ((heard.model += n), report()) }),
      loadMnist(options.base, 'default', 'test', ({ bytes: n, size }) => {
        heard.data += n;
        heard.dataTotal += size;
        report();
      }),
    ]);
    if (bytes) models.shipped = readMlpWeights(bytes);
    digits = test.set;
    return { count: digits.count, firstLayer: firstLayer('shipped') };
  },
  /** The model trained on the page, handed over as its ONNX bytes. */
  usePageModel(bytes: Uint8Array): Float32Array {
    models.page = readMlpWeights(bytes);
    return firstLayer('page');
  },
  /** Test digit `index` (0-based) through `source`'s network, with each layer's `top` units. */
  look(source: InsideSource, index: number, top: number): Look {
    if (!digits) throw new Error('the test digits are not loaded');
    return lookInside(weightsOf(source), digits, index, top);
  },
};

export type NetworkInsideApi = typeof api;

expose(api);
