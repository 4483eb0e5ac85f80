/// <reference lib="webworker" />
import { expose } from 'comlink';
import { toyDefaults, toyForward, trainToy, type ToyParams } from '../lib/nn/toy';

/** Losses of the epochs trained since the last report. */
export interface ToyProgress {
  epochs: number[];
  losses: number[];
}

export interface ToyResult {
  epochsRun: number;
  stopped: boolean;
  /** time spent computing, without the pauses that pace the animation */
  computeMs: number;
  trainPrediction: number[];
  testPrediction: number[];
}

/**
 * The network trains in microseconds per epoch; the worker spreads a run over about
 * FRAMES × FRAME_MS so the reader can watch the curve and press Stop.
 */
const FRAMES = 120;
const FRAME_MS = 16;
let stopRequested = false;

const api = {
  async train(
    options: { epochs: number; learningRate: number; seed: number },
    onProgress: (progress: ToyProgress) => void | Promise<void>,
  ): Promise<ToyResult> {
    stopRequested = false;
    const run = trainToy(options);
    const perFrame = Math.max(1, Math.ceil(options.epochs / FRAMES));
    let params: ToyParams | undefined;
    let epochsRun = 0;
    let computeMs = 0;
    while (!stopRequested) {
      const started = performance.now();
      const progress: ToyProgress = { epochs: [], losses: [] };
      let done = false;
      for (let i = 0; i < perFrame; i++) {
        const next = run.next();
        if (next.done) {
          params = next.value;
          done = true;
          break;
        }
        params = next.value.params;
        epochsRun = next.value.epoch;
        progress.epochs.push(next.value.epoch);
        progress.losses.push(next.value.loss);
      }
      computeMs += performance.now() - started;
      if (progress.epochs.length) await onProgress(progress);
      if (done) break;
      await new Promise((resolve) => setTimeout(resolve, FRAME_MS));
    }
    const final = params!;
    return {
      epochsRun,
      stopped: stopRequested,
      computeMs,
      trainPrediction: toyForward(final, toyDefaults.X_train).Y,
      testPrediction: toyForward(final, toyDefaults.X_test).Y,
    };
  },
  stop() {
    stopRequested = true;
  },
};

export type ToyTrainerApi = typeof api;

expose(api);
