/// <reference lib="webworker" />
// The batch-size lab's worker: loads the page's default MNIST subset and times each batch size on
// the WebAssembly engine, with as many threads as the page allows (what this device really does).
import { expose } from 'comlink';
import { loadMnist } from '../lib/mnist/load';
import { batchLabDefaults, labBatchSizes, runBatchLab } from '../lib/training/batch-lab';
import { createRunSlot } from '../lib/training/control';
import type { EngineFactory } from '../lib/training/engine';
import { browserWasmEngine } from './wasm-engine';
import type { BatchLabCallbacks, BatchLabOutcome, BatchLabRunOptions } from './batch-lab.protocol';

const slot = createRunSlot();

const api = {
  run(options: BatchLabRunOptions, callbacks: BatchLabCallbacks): Promise<BatchLabOutcome> {
    return slot.run(async (control) => {
      callbacks.onStatus({ kind: 'loading-data' });
      const heard = { loaded: 0, total: 0 };
      const onProgress = ({ bytes, size }: { bytes: number; size: number }) => {
        heard.loaded += bytes;
        heard.total += size;
        if (heard.total > 0) callbacks.onStatus({ kind: 'data-progress', loaded: heard.loaded, total: heard.total });
      };
      const [train, test] = await Promise.all([loadMnist(options.base, 'default', 'train', onProgress), loadMnist(options.base, 'default', 'test', onProgress)]);
      const factory = await browserWasmEngine();
      let announced = false;
      const engine: EngineFactory = async (engineOptions) => {
        const made = await factory(engineOptions);
        if (!announced) callbacks.onStatus({ kind: 'engine', engine: made.id, diagnostics: made.diagnostics() });
        announced = true;
        return made;
      };
      return runBatchLab({
        trainSet: train.set,
        testSet: test.set,
        batchSizes: labBatchSizes,
        budget: { seconds: options.seconds },
        learningRate: batchLabDefaults.learningRate,
        seed: batchLabDefaults.seed,
        engine,
        control,
        onProgress: (at) => callbacks.onProgress(at),
        onResult: (r) => callbacks.onResult(r),
      });
    });
  },
  stop: slot.stop,
};

export type BatchLabApi = typeof api;

expose(api);
