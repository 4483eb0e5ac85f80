import { mulberry32 } from '../nn/prng';
import type { MnistSet } from '../mnist/idx';
import type { RunControl } from './control';
import { accuracy, gather, predictSet, shuffled } from './data';
import { lossReadEvery, type EngineFactory, type EngineId, type OptimizerKind, type TrainingEngine } from './engine';
import { SettingsError } from './run';
import { initialWeights, inputSize } from './spec';

/** One contestant: an optimizer and its learning rate. */
export interface Racer {
  optimizer: OptimizerKind;
  learningRate: number;
}

/** The race the chapter quotes and the page starts with: each optimizer at the learning rate it is usually run at. */
export const raceDefaults = {
  epochs: 2,
  batchSize: 100,
  seed: 0,
  /** losses read back every this many steps: the curve's resolution */
  lossEvery: 5,
  racers: [
    { optimizer: 'sgd', learningRate: 0.01 },
    { optimizer: 'momentum', learningRate: 0.01 },
    { optimizer: 'rmsprop', learningRate: 1e-3 },
    { optimizer: 'adam', learningRate: 1e-3 },
  ],
} as const satisfies { epochs: number; batchSize: number; seed: number; lossEvery: number; racers: readonly Racer[] };

/**
 * A loss past this (nats per digit; a uniform guess is ln 10 ≈ 2.3) or not a number at all means
 * the racer's weights have run away: a learning rate too large. It is then out of the race.
 */
export const divergedLoss = 1000;

export interface RaceBatch {
  epoch: number;
  /** steps done in this epoch */
  step: number;
  stepsPerEpoch: number;
  /** each racer's loss on the step just read back (mean over its batch); null once it has diverged */
  losses: (number | null)[];
  /** digits per second over all racers together (each digit counted once per racer) */
  samplesPerSecond: number;
}

export interface RacerEpoch {
  /** mean training loss over the epoch's batches; NaN for a racer that diverged in it or before */
  trainLoss: number;
  /** test accuracy after the epoch; NaN once diverged */
  testAccuracy: number;
  /** the step (counted from the start of the race, 1-based) at which its loss was read past {@link divergedLoss} */
  divergedAt: number | null;
}

export interface RaceEpoch {
  epoch: number;
  racers: RacerEpoch[];
  seconds: number;
}

export interface RaceOptions {
  trainSet: MnistSet;
  testSet: MnistSet;
  epochs: number;
  batchSize: number;
  /** seeds the one set of initial weights all racers start from and the shuffles they all see */
  seed: number;
  racers: readonly Racer[];
  /** the engine every racer trains on (one instance each); it must step with every optimizer asked for */
  engine: EngineFactory;
  lossEvery?: number;
  control?: RunControl;
  onHold?: (at: { epoch: number; step: number; stepsPerEpoch: number }) => void;
  onBatch?: (progress: RaceBatch) => void;
  onEpoch?: (result: RaceEpoch) => void;
}

export interface RaceOutcome {
  history: RaceEpoch[];
  /** true when the control stopped the race (history holds the epochs completed) */
  stopped: boolean;
  engine: EngineId;
}

/**
 * Train the article's network once per racer, in lockstep: the same initial weights, then every
 * step the same batch to each racer in turn, so that the curves differ by the optimizer alone. A
 * racer whose loss passes {@link divergedLoss} (read every `lossEvery` steps) is marked diverged
 * and steps no more; the others go on.
 */
export async function runRace(options: RaceOptions): Promise<RaceOutcome> {
  const { trainSet, testSet, epochs, batchSize, racers, control } = options;
  const lossEvery = options.lossEvery ?? lossReadEvery;
  const stepsPerEpoch = Math.floor(trainSet.count / batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new SettingsError(`batch size must be a whole number of at least 1, got ${batchSize}`);
  if (stepsPerEpoch === 0) throw new SettingsError(`batch size ${batchSize} is larger than the ${trainSet.count} training digits: no step could be made`);
  if (racers.length === 0) throw new SettingsError('no optimizer to race');
  racers.forEach(({ optimizer, learningRate }) => {
    if (!(learningRate > 0 && Number.isFinite(learningRate))) throw new SettingsError(`${optimizer}'s learning rate must be a positive number, got ${learningRate}`);
  });

  const weights = initialWeights(options.seed);
  const engines: TrainingEngine[] = [];
  const history: RaceEpoch[] = [];
  try {
    for (const { optimizer, learningRate } of racers) {
      engines.push(await options.engine({ learningRate, optimizer, maxBatch: batchSize, checkpoint: { weights: weights.map((w) => w.slice()), adam: null } }));
    }
    const divergedAt: (number | null)[] = racers.map(() => null);
    const pixels = new Uint8Array(batchSize * inputSize);
    const y = new Uint8Array(batchSize);
    const live = () => engines.filter((_, r) => divergedAt[r] === null);
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const started = performance.now();
      const order = shuffled(trainSet.count, mulberry32(options.seed + epoch));
      let windowStart = started;
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (control) await control.gate(() => options.onHold?.({ epoch, step, stepsPerEpoch }));
        gather(trainSet, order.subarray(step * batchSize, (step + 1) * batchSize), pixels, y);
        for (const engine of live()) engine.step(pixels, y);
        if ((step + 1) % lossEvery !== 0 && step !== stepsPerEpoch - 1) continue;
        const losses = await Promise.all(engines.map(async (engine, r) => (divergedAt[r] === null ? engine.lastLoss() : null)));
        losses.forEach((loss, r) => {
          if (loss !== null && !(loss <= divergedLoss)) {
            divergedAt[r] = (epoch - 1) * stepsPerEpoch + step + 1;
            losses[r] = null;
          }
        });
        const now = performance.now();
        const steps = (step % lossEvery) + 1;
        options.onBatch?.({ epoch, step: step + 1, stepsPerEpoch, losses, samplesPerSecond: (steps * batchSize * live().length * 1000) / Math.max(1e-3, now - windowStart) });
        windowStart = now;
      }
      const results: RacerEpoch[] = [];
      for (const [r, engine] of engines.entries()) {
        const totals = await engine.takeTotals();
        if (divergedAt[r] !== null) {
          results.push({ trainLoss: NaN, testAccuracy: NaN, divergedAt: divergedAt[r] });
          continue;
        }
        const predictions = await predictSet((input, n) => engine.predict(input, n), testSet);
        results.push({ trainLoss: totals.lossSum / stepsPerEpoch, testAccuracy: accuracy(predictions, testSet.labels), divergedAt: null });
      }
      const result = { epoch, racers: results, seconds: (performance.now() - started) / 1000 };
      history.push(result);
      options.onEpoch?.(result);
    }
    return { history, stopped: false, engine: engines[0]!.id };
  } catch (error) {
    if (control?.signal.aborted && engines.length === racers.length) return { history, stopped: true, engine: engines[0]!.id };
    throw error;
  } finally {
    engines.forEach((engine) => engine.dispose());
  }
}
