import { mulberry32 } from '../nn/prng';
import type { MnistSet } from '../mnist/idx';
import type { RunControl } from './control';
import { accuracy, gather, predictSet, shuffled } from './data';
import { lossReadEvery, type EngineFactory, type EngineId } from './engine';
import { articleSettings, SettingsError } from './run';
import { initialWeights, inputSize } from './spec';

/** The batch sizes the lab tries, from ten to the WebAssembly engine's largest. */
export const labBatchSizes = [10, 20, 50, 100, 200, 500, 1000] as const;

/** The lab's defaults: a phone runs all seven sizes in about twenty seconds. */
export const batchLabDefaults = { seconds: 2, seed: 0, learningRate: articleSettings.learningRate } as const;

/** How long each batch size trains: wall-clock time on this device, or (for repeatable tests) a number of digits. */
export type Budget = { seconds: number } | { samples: number };

export interface BatchResult {
  batchSize: number;
  steps: number;
  /** digits trained on (steps × batch size) */
  samples: number;
  /** training time alone, without the evaluation */
  seconds: number;
  samplesPerSecond: number;
  /** passes over the training digits: samples / training digits */
  epochs: number;
  /** mean loss of the last `lossReadEvery` steps' read-backs */
  finalLoss: number;
  testAccuracy: number;
}

export interface BatchLabOptions {
  trainSet: MnistSet;
  testSet: MnistSet;
  batchSizes: readonly number[];
  budget: Budget;
  learningRate: number;
  /** seeds the initial weights (the same for every size) and the shuffles */
  seed: number;
  engine: EngineFactory;
  control?: RunControl;
  /** within one batch size: the fraction of its budget spent */
  onProgress?: (at: { batchSize: number; index: number; fraction: number }) => void;
  /** a pause took hold: no step runs, and the clock stands still, until resumed */
  onHold?: (at: { batchSize: number; index: number; fraction: number }) => void;
  onResult?: (result: BatchResult) => void;
}

export interface BatchLabOutcome {
  results: BatchResult[];
  stopped: boolean;
  engine: EngineId | null;
}

/**
 * Train the article's network with Adam once per batch size, each from the same initial weights for
 * the same budget, and measure what the budget bought: steps, digits per second and test accuracy.
 * A larger batch computes more digits per second (fewer, larger products) but takes fewer steps in
 * the same time; which wins depends on the device, which is why the page measures it there.
 */
export async function runBatchLab(options: BatchLabOptions): Promise<BatchLabOutcome> {
  const { trainSet, testSet, budget, control } = options;
  for (const size of options.batchSizes) {
    if (!Number.isInteger(size) || size < 1) throw new SettingsError(`batch size must be a whole number of at least 1, got ${size}`);
    if (size > trainSet.count) throw new SettingsError(`batch size ${size} is larger than the ${trainSet.count} training digits`);
  }
  const limit = 'seconds' in budget ? budget.seconds : budget.samples;
  if (!(limit > 0 && Number.isFinite(limit))) throw new SettingsError(`the budget must be a positive number, got ${limit}`);

  const weights = initialWeights(options.seed);
  await warmUp(options);
  const results: BatchResult[] = [];
  let engineId: EngineId | null = null;
  for (const [index, batchSize] of options.batchSizes.entries()) {
    const engine = await options.engine({ learningRate: options.learningRate, maxBatch: batchSize, checkpoint: { weights: weights.map((w) => w.slice()), adam: null } });
    engineId = engine.id;
    try {
      const pixels = new Uint8Array(batchSize * inputSize);
      const y = new Uint8Array(batchSize);
      const perEpoch = Math.floor(trainSet.count / batchSize);
      const rand = mulberry32(options.seed + batchSize);
      let order = shuffled(trainSet.count, rand);
      let steps = 0;
      let recent: number[] = [];
      const started = performance.now();
      // Time spent paused is not training time: the budget counts only the rest.
      let pausedMs = 0;
      const trained = () => (performance.now() - started - pausedMs) / 1000;
      const spent = () => ('seconds' in budget ? trained() / budget.seconds : (steps * batchSize) / budget.samples);
      // Made once per size, not per step: when a pause takes hold, and what the page hears then.
      const hold = { since: -1 };
      const onHold = () => {
        hold.since = performance.now();
        options.onHold?.({ batchSize, index, fraction: Math.min(1, spent()) });
      };
      while (spent() < 1) {
        if (control) {
          await control.gate(onHold);
          if (hold.since >= 0) {
            pausedMs += performance.now() - hold.since;
            hold.since = -1;
          }
        }
        const at = steps % perEpoch;
        if (at === 0 && steps > 0) order = shuffled(trainSet.count, rand);
        gather(trainSet, order.subarray(at * batchSize, (at + 1) * batchSize), pixels, y);
        engine.step(pixels, y);
        steps++;
        // Waiting for the loss every few steps is what a run does (and what keeps a queueing engine honest about time).
        if (steps % lossReadEvery === 0) {
          recent = [...recent.slice(-(lossReadEvery - 1)), await engine.lastLoss()];
          options.onProgress?.({ batchSize, index, fraction: Math.min(1, spent()) });
        }
      }
      if (recent.length === 0) recent = [await engine.lastLoss()];
      const seconds = trained();
      const predictions = await predictSet((input, n) => engine.predict(input, n), testSet);
      const samples = steps * batchSize;
      const result: BatchResult = {
        batchSize,
        steps,
        samples,
        seconds,
        samplesPerSecond: samples / Math.max(1e-6, seconds),
        epochs: samples / trainSet.count,
        finalLoss: recent.reduce((a, b) => a + b, 0) / recent.length,
        testAccuracy: accuracy(predictions, testSet.labels),
      };
      results.push(result);
      options.onResult?.(result);
    } catch (error) {
      if (control?.signal.aborted) return { results, stopped: true, engine: engineId };
      throw error;
    } finally {
      engine.dispose();
    }
  }
  return { results, stopped: false, engine: engineId };
}

/**
 * A few untimed steps on a throwaway engine first: WebAssembly is compiled in a quick tier and
 * optimized once it runs hot, so without this the first batch size would be timed partly on slower
 * code (measured in Node here: the first 50 steps at batch 10 took 0.64 ms each, later ones 0.47).
 */
async function warmUp({ trainSet, learningRate, seed, engine: factory }: BatchLabOptions): Promise<void> {
  const batch = Math.min(100, trainSet.count);
  const engine = await factory({ learningRate, maxBatch: batch, checkpoint: { weights: initialWeights(seed), adam: null } });
  try {
    const pixels = new Uint8Array(batch * inputSize);
    const y = new Uint8Array(batch);
    gather(trainSet, Uint32Array.from({ length: batch }, (_, i) => i), pixels, y);
    const started = performance.now();
    for (let i = 0; i < 200 && performance.now() - started < 300; i++) {
      engine.step(pixels, y);
      if (i % lossReadEvery === 0) await engine.lastLoss();
    }
  } finally {
    engine.dispose();
  }
}
