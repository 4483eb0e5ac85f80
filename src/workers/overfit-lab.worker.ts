/// <reference lib="webworker" />
// The overfitting lab's worker: trains on the first digits of the page's default MNIST subset and
// validates on its last, on the WebAssembly engine (the one with weight decay, dropout and evaluation).
import { expose } from 'comlink';
import { createRunSlot } from '../lib/training/control';
import { labSets, overfitDefaults, runOverfitLab } from '../lib/training/overfit-lab';
import { labEngine, loadLabData } from './lab-data';
import type { OverfitCallbacks, OverfitLabOutcome, OverfitRunOptions } from './overfit-lab.protocol';

const slot = createRunSlot();

const api = {
  run(options: OverfitRunOptions, callbacks: OverfitCallbacks): Promise<OverfitLabOutcome> {
    return slot.run(async (control) => {
      const { train, test } = await loadLabData(options.base, (s) => callbacks.onStatus(s));
      return runOverfitLab({
        ...labSets(train.set, test.set, options.trainCount),
        epochs: options.epochs,
        batchSize: overfitDefaults.batchSize,
        learningRate: overfitDefaults.learningRate,
        seed: overfitDefaults.seed,
        regularization: options.regularization,
        engine: await labEngine((s) => callbacks.onStatus(s)),
        control,
        onHold: (at) => callbacks.onHeld(at),
        onEpoch: (e) => callbacks.onEpoch(e),
      });
    });
  },
  pause: slot.pause,
  resume: slot.resume,
  stop: slot.stop,
};

export type OverfitLabApi = typeof api;

expose(api);
