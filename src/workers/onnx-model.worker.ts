/// <reference lib="webworker" />
// A reader's own ONNX model runs here, never on the page's thread: a model can be valid and still
// compute for hours (a Loop of 10¹² iterations), and only a worker can be ended from outside.
import { expose } from 'comlink';
import { createClassifier, type DigitClassifier } from '../lib/onnx/classifier';
import { measureScalings, scalePixels, type InputScaling, type ScalingAccuracy } from '../lib/onnx/input-scaling';
import type { ModelInfo } from '../lib/onnx/inspect';
import { download } from '../lib/download';
import { loadMnist } from '../lib/mnist/load';
import { loadOrt, loadOrtWithBinary } from '../browser/ort';

let classifier: DigitClassifier | null = null;
let scaling: InputScaling = 'unit';

const opened = () => {
  if (!classifier) throw new Error('no model loaded');
  return classifier;
};

const api = {
  /**
   * Load ONNX Runtime here: its module, its glue and its binary (megabytes; `onBytes` hears them
   * arrive), so that opening the model, which has a time limit, does not include a download, which
   * on a slow connection takes longer than any model should.
   */
  async prepare(base: string, onBytes: (bytes: number) => void): Promise<void> {
    // Said at once: the first bytes can be seconds away on a slow link.
    onBytes(0);
    await loadOrtWithBinary(base, 'wasm', (url) => download(url, { onBytes }));
  },
  /** Open a session on the model and run it once on a blank digit; its validation errors come back as thrown. */
  async open(base: string, bytes: Uint8Array): Promise<ModelInfo> {
    const ort = await loadOrt(base, 'wasm');
    await classifier?.release();
    classifier = null;
    scaling = 'unit';
    const created = await createClassifier(ort, bytes, { executionProviders: ['wasm'] });
    await created.classify(new Float32Array(784), 1);
    classifier = created;
    return created.info;
  },
  /**
   * The model's accuracy on the site's default test digits under each input scaling; `onDownload` hears
   * the digits' download (compressed bytes so far, of the sizes the server gave), `onProgress` the readings done of total.
   */
  async measure(base: string, onProgress: (done: number, total: number) => void, onDownload: (loaded: number, total: number) => void): Promise<ScalingAccuracy[]> {
    const model = opened();
    const heard = { loaded: 0, total: 0 };
    const { set } = await loadMnist(base, 'default', 'test', ({ bytes, size }) => {
      heard.loaded += bytes;
      heard.total += size;
      if (heard.total > 0) onDownload(heard.loaded, heard.total);
    });
    return measureScalings((pixels, count) => model.classify(pixels, count), set, { onProgress });
  },
  /** How the page's [0, 1] pixels are scaled before the model reads them, from now on. */
  setScaling(to: InputScaling): void {
    scaling = to;
  },
  /** Probabilities of one digit: pixels float32 [784] in [0, 1]; returns float32 [10]. */
  async classify(pixels: Float32Array): Promise<Float32Array> {
    return opened().classify(scalePixels(pixels, scaling), 1);
  },
};

export type OnnxModelApi = typeof api;

expose(api);
