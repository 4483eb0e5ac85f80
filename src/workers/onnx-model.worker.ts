/// <reference lib="webworker" />
// A reader's own ONNX model runs here, never on the page's thread: a model can be valid and still
// compute for hours (a Loop of 10¹² iterations), and only a worker can be ended from outside.
import { expose } from 'comlink';
import { createClassifier, type DigitClassifier } from '../lib/onnx/classifier';
import type { ModelInfo } from '../lib/onnx/inspect';
import { loadOrt } from '../browser/ort';

let classifier: DigitClassifier | null = null;

const api = {
  /** Open a session on the model and run it once on a blank digit; its validation errors come back as thrown. */
  async open(base: string, bytes: Uint8Array): Promise<ModelInfo> {
    const ort = await loadOrt(base, 'wasm');
    await classifier?.release();
    classifier = null;
    const created = await createClassifier(ort, bytes, { executionProviders: ['wasm'] });
    await created.classify(new Float32Array(784), 1);
    classifier = created;
    return created.info;
  },
  /** Probabilities of one digit: pixels float32 [784]; returns float32 [10]. */
  async classify(pixels: Float32Array): Promise<Float32Array> {
    if (!classifier) throw new Error('no model loaded');
    return classifier.classify(pixels, 1);
  },
};

export type OnnxModelApi = typeof api;

expose(api);
