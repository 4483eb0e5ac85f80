/// <reference lib="webworker" />
// The optimizer race's worker: loads the page's default MNIST subset and races on the WebAssembly
// engine, the one engine that steps with every optimizer raced (tfjs and WebGPU step with Adam only).
import { expose } from 'comlink';
import { loadMnist } from '../lib/mnist/load';
import { createRunSlot } from '../lib/training/control';
import type { EngineFactory } from '../lib/training/engine';
import { raceDefaults, runRace } from '../lib/training/race';
import { browserWasmEngine } from './wasm-engine';
import type { RaceCallbacks, RaceResult, RaceRunOptions } from './optimizer-race.protocol';

const slot = createRunSlot();

const api = {
  run(options: RaceRunOptions, callbacks: RaceCallbacks): Promise<RaceResult> {
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
      // The page's line names the engine and its threads once the first racer's engine is up.
      const engine: EngineFactory = async (engineOptions) => {
        const made = await factory(engineOptions);
        if (!announced) callbacks.onStatus({ kind: 'engine', engine: made.id, diagnostics: made.diagnostics() });
        announced = true;
        return made;
      };
      return runRace({
        trainSet: train.set,
        testSet: test.set,
        epochs: options.epochs,
        batchSize: raceDefaults.batchSize,
        seed: raceDefaults.seed,
        racers: options.racers,
        engine,
        lossEvery: raceDefaults.lossEvery,
        control,
        onHold: (at) => callbacks.onHeld(at),
        onBatch: (p) => callbacks.onBatch(p),
        onEpoch: (e) => callbacks.onEpoch(e),
      });
    });
  },
  pause: slot.pause,
  resume: slot.resume,
  stop: slot.stop,
};

export type OptimizerRaceApi = typeof api;

expose(api);
