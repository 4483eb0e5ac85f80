import { mulberry32 } from '../nn/prng';
import type { MnistSet } from '../mnist/idx';
import type { RunControl } from './control';
import { accuracy, gather, predictSet, shuffled } from './data';
import { lossReadEvery, type Checkpoint, type EngineDiagnostics, type EngineId, type EngineLoader, type TrainingEngine } from './engine';
import { initialWeights, inputSize } from './spec';

/** The article's settings (section 5.2). */
export const articleSettings = { epochs: 10, batchSize: 100, learningRate: 1e-3 } as const;

export interface BatchProgress {
  epoch: number;
  /** steps done in this epoch */
  step: number;
  stepsPerEpoch: number;
  /** loss of the step just read back, mean over its batch */
  loss: number;
  samplesPerSecond: number;
  engine: EngineId;
  diagnostics: EngineDiagnostics;
}

export interface EpochResult {
  epoch: number;
  /** mean training loss over the epoch's batches (what the article's script prints) */
  trainLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  seconds: number;
  engine: EngineId;
}

/** A run moving to the next engine: the failed one, its error, and the epochs kept. */
export interface Fallback {
  from: EngineId;
  to: EngineId;
  error: unknown;
  epochsKept: number;
}

export interface RunOptions {
  trainSet: MnistSet;
  testSet: MnistSet;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** seeds the initial weights and the per-epoch shuffles */
  seed: number;
  /** engines to try in order: when one fails to start or fails mid-run, the next resumes from the last epoch */
  engines: readonly EngineId[];
  load: EngineLoader;
  /** read the loss back every this many steps (asynchronously); other steps never wait for the device */
  lossEvery?: number;
  /** go on from a checkpoint taken after `epochsDone` epochs (of this run's settings) */
  resume?: { checkpoint: Checkpoint; epochsDone: number };
  control?: RunControl;
  /** the run is held by a pause, after `step` steps of epoch `epoch` (so a page can say exactly where) */
  onHold?: (at: { epoch: number; step: number; stepsPerEpoch: number }) => void;
  onEngine?: (engine: EngineId, fallback?: Fallback) => void;
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (result: EpochResult) => void | Promise<void>;
}

export interface RunOutcome {
  history: EpochResult[];
  /** true when the control stopped the run; the checkpoint then holds the last completed step */
  stopped: boolean;
  checkpoint: Checkpoint;
  /** the final weights' predicted class of every test digit */
  predictions: Uint8Array;
  testAccuracy: number;
  engine: EngineId;
  /** the last engine's figures after it was disposed (tfjs: tensors still alive) */
  diagnostics: EngineDiagnostics;
}

/** Thrown before training when the settings cannot make a single step. */
export class SettingsError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/**
 * Train the article's network with Adam on softmax cross-entropy, shuffling every epoch with a
 * seeded permutation. The engine does the arithmetic; this loop owns everything else, the same
 * for every engine: the batches, progress through the callbacks, pause and stop through the
 * control, a checkpoint after every epoch, and the move to the next engine when one fails (it
 * resumes from the last checkpoint, Adam's moments included, as if the run had never been cut).
 */
export async function runTraining(options: RunOptions): Promise<RunOutcome> {
  const { trainSet, testSet, epochs, batchSize, control } = options;
  const lossEvery = options.lossEvery ?? lossReadEvery;
  const stepsPerEpoch = Math.floor(trainSet.count / batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new SettingsError(`batch size must be a whole number of at least 1, got ${batchSize}`);
  if (stepsPerEpoch === 0) throw new SettingsError(`batch size ${batchSize} is larger than the ${trainSet.count} training digits: no step could be made`);
  if (options.engines.length === 0) throw new SettingsError('no engine to train on');

  const history: EpochResult[] = [];
  let saved: Checkpoint = options.resume?.checkpoint ?? { weights: initialWeights(options.seed), adam: null };
  const firstEpoch = (options.resume?.epochsDone ?? 0) + 1;
  const pixels = new Uint8Array(batchSize * inputSize);
  const y = new Uint8Array(batchSize);
  const queue = [...options.engines];
  let fallback: Fallback | undefined;

  for (;;) {
    const id = queue.shift()!;
    let engine: TrainingEngine | undefined;
    let predictions: Uint8Array | undefined;
    try {
      const create = await options.load(id);
      engine = await create({ learningRate: options.learningRate, maxBatch: batchSize, checkpoint: saved });
      options.onEngine?.(id, fallback);
      for (let epoch = firstEpoch + history.length; epoch <= epochs; epoch++) {
        predictions = undefined;
        const started = performance.now();
        const order = shuffled(trainSet.count, mulberry32(options.seed + epoch));
        let windowStart = started;
        for (let step = 0; step < stepsPerEpoch; step++) {
          if (control) await control.gate(() => options.onHold?.({ epoch, step, stepsPerEpoch }));
          gather(trainSet, order.subarray(step * batchSize, (step + 1) * batchSize), pixels, y);
          engine.step(pixels, y);
          if ((step + 1) % lossEvery === 0 || step === stepsPerEpoch - 1) {
            const loss = await engine.lastLoss();
            const now = performance.now();
            const steps = (step % lossEvery) + 1;
            options.onBatch?.({
              epoch,
              step: step + 1,
              stepsPerEpoch,
              loss,
              samplesPerSecond: (steps * batchSize * 1000) / Math.max(1e-3, now - windowStart),
              engine: id,
              diagnostics: engine.diagnostics(),
            });
            windowStart = now;
          }
        }
        const totals = await engine.takeTotals();
        predictions = await predictSet((input, n) => engine!.predict(input, n), testSet);
        saved = await engine.checkpoint();
        const result: EpochResult = {
          epoch,
          trainLoss: totals.lossSum / stepsPerEpoch,
          trainAccuracy: totals.correct / (stepsPerEpoch * batchSize),
          testAccuracy: accuracy(predictions, testSet.labels),
          seconds: (performance.now() - started) / 1000,
          engine: id,
        };
        history.push(result);
        await options.onEpoch?.(result);
      }
      return await finish(engine, false, predictions);
    } catch (error) {
      if (control?.signal.aborted && engine) return await finish(engine, true);
      safely(() => engine?.dispose());
      const next = queue[0];
      if (!next || error instanceof SettingsError) throw error;
      fallback = { from: id, to: next, error, epochsKept: history.length };
    }
  }

  async function finish(engine: TrainingEngine, stopped: boolean, predictions?: Uint8Array): Promise<RunOutcome> {
    let outcome: Omit<RunOutcome, 'diagnostics'>;
    try {
      // After a stop the weights are those of the last completed step, not of the last epoch.
      const checkpoint = stopped ? await engine.checkpoint() : saved;
      const final = predictions ?? (await predictSet((input, n) => engine.predict(input, n), testSet));
      outcome = { history, stopped, checkpoint, predictions: final, testAccuracy: accuracy(final, testSet.labels), engine: engine.id };
    } finally {
      engine.dispose();
    }
    return { ...outcome, diagnostics: engine.diagnostics() };
  }
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // an engine whose device is gone may fail to free it; there is nothing left to free
  }
}
