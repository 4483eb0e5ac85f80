/// <reference lib="webworker" />
// The optimizer race's worker: races on the page's default MNIST subset on the WebAssembly engine,
// the one engine that steps with every optimizer raced (tfjs and WebGPU step with Adam only).
import { expose } from 'comlink';
import { createRunSlot } from '../lib/training/control';
import { raceDefaults, runRace } from '../lib/training/race';
import { labEngine, loadLabData } from './lab-data';
import type { RaceCallbacks, RaceResult, RaceRunOptions } from './optimizer-race.protocol';

const slot = createRunSlot();

const api = {
  run(options: RaceRunOptions, callbacks: RaceCallbacks): Promise<RaceResult> {
    return slot.run(async (control) => {
      const { train, test } = await loadLabData(options.base, (s) => callbacks.onStatus(s));
      return runRace({
        trainSet: train.set,
        testSet: test.set,
        epochs: options.epochs,
        batchSize: raceDefaults.batchSize,
        seed: raceDefaults.seed,
        racers: options.racers,
        engine: await labEngine((s) => callbacks.onStatus(s)),
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
