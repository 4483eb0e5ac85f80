/// <reference lib="webworker" />
// The batch-size lab's worker: times each batch size on the page's default MNIST subset on the
// WebAssembly engine, with as many threads as the page allows (what this device really does).
import { expose } from 'comlink';
import { batchLabDefaults, labBatchSizes, runBatchLab } from '../lib/training/batch-lab';
import { createRunSlot } from '../lib/training/control';
import { labEngine, loadLabData } from './lab-data';
import type { BatchLabCallbacks, BatchLabOutcome, BatchLabRunOptions } from './batch-lab.protocol';

const slot = createRunSlot();

const api = {
  run(options: BatchLabRunOptions, callbacks: BatchLabCallbacks): Promise<BatchLabOutcome> {
    return slot.run(async (control) => {
      const { train, test } = await loadLabData(options.base, (s) => callbacks.onStatus(s));
      return runBatchLab({
        trainSet: train.set,
        testSet: test.set,
        batchSizes: labBatchSizes,
        budget: { seconds: options.seconds },
        learningRate: batchLabDefaults.learningRate,
        seed: batchLabDefaults.seed,
        engine: await labEngine((s) => callbacks.onStatus(s)),
        control,
        onProgress: (at) => callbacks.onProgress(at),
        onHold: (at) => callbacks.onHeld(at),
        onResult: (r) => callbacks.onResult(r),
      });
    });
  },
  pause: slot.pause,
  resume: slot.resume,
  stop: slot.stop,
};

export type BatchLabApi = typeof api;

expose(api);
