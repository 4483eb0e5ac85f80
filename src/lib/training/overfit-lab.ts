import { mulberry32 } from '../nn/prng';
import type { MnistSet } from '../mnist/idx';
import type { RunControl } from './control';
import { gather, shuffled } from './data';
import type { EngineFactory, EngineId, TrainingEngine } from './engine';
import { SettingsError } from './run';
import { initialWeights, inputSize } from './spec';

/** What the reader toggles: each 0 means off. */
export interface Regularization {
  /** L2 weight decay λ */
  weightDecay: number;
  /** dropout p on both hidden layers */
  dropout: number;
  /** early stopping: end after this many epochs without a lower validation loss */
  patience: number;
}

/** The lab the chapter quotes and the page starts with: few digits, many epochs, each remedy on. */
export const overfitDefaults = {
  trainCount: 500,
  validationCount: 1000,
  epochs: 40,
  batchSize: 50,
  learningRate: 1e-3,
  seed: 0,
  regularization: { weightDecay: 1e-3, dropout: 0.5, patience: 5 },
} as const satisfies { trainCount: number; validationCount: number; epochs: number; batchSize: number; learningRate: number; seed: number; regularization: Regularization };

/**
 * The lab's sets from the page's default subset: its first `trainCount` training digits to train on,
 * its last `validationCount` to validate on (never trained on while trainCount leaves room), and the
 * test digits. MnistSet in, views of the same arrays out.
 */
export function labSets(train: MnistSet, test: MnistSet, trainCount: number): { trainSet: MnistSet; validationSet: MnistSet; testSet: MnistSet } {
  const n = overfitDefaults.validationCount;
  const from = train.count - n;
  if (trainCount > from) throw new SettingsError(`at most ${from} training digits leave ${n} to validate on, not ${trainCount}`);
  return {
    trainSet: { count: trainCount, images: train.images.subarray(0, trainCount * inputSize), labels: train.labels.subarray(0, trainCount) },
    validationSet: { count: n, images: train.images.subarray(from * inputSize), labels: train.labels.subarray(from) },
    testSet: test,
  };
}

/** Loss (mean per digit) and accuracy of one set, as the network predicts. */
export interface SetScore {
  loss: number;
  accuracy: number;
}

export interface RunEpoch {
  train: SetScore;
  validation: SetScore;
  test: SetScore;
}

export interface LabEpoch {
  epoch: number;
  /** the run without any remedy, then the run with the reader's; null once early stopping ended it */
  plain: RunEpoch;
  regularized: RunEpoch | null;
}

export interface LabSummary {
  /** the regularized run's epoch with the lowest validation loss (the weights early stopping keeps) */
  bestEpoch: number;
  /** the epoch early stopping ended the run at, or null when it ran every epoch */
  stoppedAt: number | null;
}

export interface OverfitLabOptions {
  trainSet: MnistSet;
  validationSet: MnistSet;
  testSet: MnistSet;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  regularization: Regularization;
  /** the WebAssembly engine: the one with weight decay, dropout and evaluate() */
  engine: EngineFactory;
  control?: RunControl;
  /** a pause took hold: no step runs until resumed */
  onHold?: (at: { epoch: number; step: number; stepsPerEpoch: number }) => void;
  onEpoch?: (epoch: LabEpoch) => void;
}

export interface OverfitLabOutcome {
  history: LabEpoch[];
  summary: LabSummary;
  stopped: boolean;
  engine: EngineId;
}

/**
 * Train the article's network twice in lockstep on a few digits, from the same weights on the same
 * batches: once plainly and once with the reader's remedies (weight decay, dropout, early stopping on
 * the validation loss), scoring both every epoch on the training digits, held-out validation digits
 * and the test digits. The plain run's training accuracy climbs to 100% while its test accuracy stalls
 * and its test loss rises: the gap that the remedies narrow.
 */
export async function runOverfitLab(options: OverfitLabOptions): Promise<OverfitLabOutcome> {
  const { trainSet, epochs, batchSize, regularization: r, control } = options;
  const stepsPerEpoch = Math.floor(trainSet.count / batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || stepsPerEpoch === 0) throw new SettingsError(`batch size must be a whole number from 1 to ${trainSet.count}, got ${batchSize}`);
  if (!(r.weightDecay >= 0)) throw new SettingsError(`weight decay must be 0 or more, got ${r.weightDecay}`);
  if (!(r.dropout >= 0 && r.dropout < 1)) throw new SettingsError(`dropout must be at least 0 and below 1, got ${r.dropout}`);
  if (!(Number.isInteger(r.patience) && r.patience >= 0)) throw new SettingsError(`patience must be a whole number of epochs, got ${r.patience}`);

  const weights = initialWeights(options.seed);
  const made: TrainingEngine[] = [];
  const make = async (weightDecay: number, dropout: number) => {
    const engine = await options.engine({ learningRate: options.learningRate, maxBatch: batchSize, weightDecay, dropout, checkpoint: { weights: weights.map((w) => w.slice()), adam: null } });
    made.push(engine);
    if (!engine.evaluate) throw new Error(`the ${engine.id} engine cannot evaluate a set; the lab needs the WebAssembly engine`);
    return engine;
  };
  const history: LabEpoch[] = [];
  const summary: LabSummary = { bestEpoch: 0, stoppedAt: null };
  try {
    const plain = await make(0, 0);
    const regularized = await make(r.weightDecay, r.dropout);
    const score = async (engine: TrainingEngine, set: MnistSet): Promise<SetScore> => {
      const { lossSum, correct } = await engine.evaluate!(set.images, set.labels);
      return { loss: lossSum / set.count, accuracy: correct / set.count };
    };
    const scoreAll = async (engine: TrainingEngine): Promise<RunEpoch> => ({
      train: await score(engine, trainSet),
      validation: await score(engine, options.validationSet),
      test: await score(engine, options.testSet),
    });
    const pixels = new Uint8Array(batchSize * inputSize);
    const y = new Uint8Array(batchSize);
    let bestLoss = Infinity;
    let running = true;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = shuffled(trainSet.count, mulberry32(options.seed + epoch));
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (control) await control.gate(() => options.onHold?.({ epoch, step, stepsPerEpoch }));
        gather(trainSet, order.subarray(step * batchSize, (step + 1) * batchSize), pixels, y);
        plain.step(pixels, y);
        if (running) regularized.step(pixels, y);
      }
      const result: LabEpoch = { epoch, plain: await scoreAll(plain), regularized: running ? await scoreAll(regularized) : null };
      if (result.regularized) {
        if (result.regularized.validation.loss < bestLoss) {
          bestLoss = result.regularized.validation.loss;
          summary.bestEpoch = epoch;
        } else if (r.patience > 0 && epoch - summary.bestEpoch >= r.patience) {
          running = false;
          summary.stoppedAt = epoch;
        }
      }
      history.push(result);
      options.onEpoch?.(result);
    }
    return { history, summary, stopped: false, engine: plain.id };
  } catch (error) {
    if (control?.signal.aborted && made.length === 2) return { history, summary, stopped: true, engine: made[0]!.id };
    throw error;
  } finally {
    made.forEach((engine) => engine.dispose());
  }
}
