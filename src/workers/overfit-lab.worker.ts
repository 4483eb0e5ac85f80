/// <reference lib="webworker" />
// The overfitting lab's worker: loads the page's default MNIST subset, trains on its first digits and
// validates on its last, on the WebAssembly engine (the one with weight decay, dropout and evaluation).
import { expose } from 'comlink';
import { loadMnist } from '../lib/mnist/load';
import { createRunSlot } from '../lib/training/control';
import type { EngineFactory } from '../lib/training/engine';
import { labSets, overfitDefaults, runOverfitLab } from '../lib/training/overfit-lab';
import { browserWasmEngine } from './wasm-engine';
import type { OverfitCallbacks, OverfitLabOutcome, OverfitRunOptions } from './overfit-lab.protocol';

const slot = createRunSlot();

const api = {
  run(options: OverfitRunOptions, callbacks: OverfitCallbacks): Promise<OverfitLabOutcome> {
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
      return runOverfitLab({
        ...labSets(train.set, test.set, options.trainCount),
        epochs: options.epochs,
        batchSize: overfitDefaults.batchSize,
        learningRate: overfitDefaults.learningRate,
        seed: overfitDefaults.seed,
        regularization: options.regularization,
        engine,
        control,
        onEpoch: (e) => callbacks.onEpoch(e),
      });
    });
  },
  stop: slot.stop,
};

export type OverfitLabApi = typeof api;

expose(api);
