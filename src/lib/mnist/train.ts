import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../nn/prng';
import type { MnistSet } from './idx';
import { logits, type Mlp } from './model';

/** The article's settings (section 5.2). */
export const articleSettings = { epochs: 10, batchSize: 100, learningRate: 1e-3 } as const;

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** seeds the per-epoch shuffles */
  seed: number;
  /** read the loss back every this many steps (asynchronously); other steps never wait for the device */
  lossEvery?: number;
  /** epoch to start from (1-based) when resuming, e.g. on another backend */
  startEpoch?: number;
  /** Adam's state when resuming (from `EpochEnd.readAdamState`), so that the run goes on as if never cut */
  adamState?: AdamState;
  signal?: AbortSignal;
  /** awaited between steps: lets a caller pause training */
  gate?: () => Promise<void>;
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (result: EpochResult, end: EpochEnd) => void | Promise<void>;
}

/**
 * Adam's state in host memory: steps taken, and the first and second moment estimates (float32, one
 * per variable, in the model's variable order and shapes).
 */
export interface AdamState {
  iterations: number;
  firstMoments: Float32Array[];
  secondMoments: Float32Array[];
}

/** Given to `onEpoch`: what a caller may copy out while the epoch's end is awaited. */
export interface EpochEnd {
  /** Adam's state after this epoch (an async read: safe on every backend) */
  readAdamState: () => Promise<AdamState>;
}

export interface BatchProgress {
  epoch: number;
  /** steps done in this epoch */
  step: number;
  stepsPerEpoch: number;
  /** loss of the step just read back, mean over its batch */
  loss: number;
  samplesPerSecond: number;
  numTensors: number;
}

export interface EpochResult {
  epoch: number;
  /** mean training loss over the epoch's batches (what the article's script prints) */
  trainLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  seconds: number;
  numTensors: number;
}

/** Scale pixels like the article's `Normalize((0.5,), (0.5,))`: p/255 → (p/255 − 0.5)/0.5 ∈ [−1, 1]. */
export function scaleInto(out: Float32Array, images: Uint8Array, indices: ArrayLike<number>, offset = 0): void {
  for (let r = 0; r < indices.length; r++) {
    const src = indices[r]! * 784;
    const dst = (offset + r) * 784;
    for (let p = 0; p < 784; p++) out[dst + p] = images[src + p]! / 127.5 - 1;
  }
}

/** A seeded Fisher–Yates permutation of 0…n−1. */
export function shuffled(n: number, rand: () => number): Uint32Array {
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Predicted classes for a whole set, in batches of 1000. Returns one label per digit. */
export async function predict(model: Mlp, set: MnistSet): Promise<Uint8Array> {
  const out = new Uint8Array(set.count);
  const batch = 1000;
  const x = new Float32Array(batch * 784);
  for (let start = 0; start < set.count; start += batch) {
    const n = Math.min(batch, set.count - start);
    scaleInto(x, set.images, Array.from({ length: n }, (_, i) => start + i));
    const classes = tf.tidy(() => tf.argMax(logits(model, tf.tensor2d(x.subarray(0, n * 784), [n, 784])), 1));
    out.set(await classes.data(), start);
    classes.dispose();
  }
  return out;
}

/** Fraction of digits whose predicted class is their label. */
export function accuracy(predicted: Uint8Array, labels: Uint8Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

/** 10×10 counts: row = true digit, column = predicted digit. */
export function confusionMatrix(predicted: Uint8Array, labels: Uint8Array): number[][] {
  const m = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]!]![predicted[i]!]!++;
  return m;
}

/**
 * Train with Adam on softmax cross-entropy, shuffling every epoch. The step function never reads
 * from the device synchronously: the loss comes back with `await data()` every `lossEvery` steps,
 * and the epoch's loss sum and correct count accumulate on the device until the epoch ends.
 * Progress goes out through the callbacks only.
 */
export async function train(model: Mlp, trainSet: MnistSet, testSet: MnistSet, options: TrainOptions): Promise<EpochResult[]> {
  const { batchSize, learningRate, epochs } = options;
  const lossEvery = options.lossEvery ?? 10;
  // β₁, β₂ and ε as in PyTorch's Adam, which the article's script uses (tfjs's default ε is 1e-7).
  const optimizer = tf.train.adam(learningRate, 0.9, 0.999, 1e-8);
  if (options.adamState) await restoreAdam(optimizer, model, options.adamState);
  const stepsPerEpoch = Math.floor(trainSet.count / batchSize);
  const x = new Float32Array(batchSize * 784);
  const y = new Int32Array(batchSize);
  const history: EpochResult[] = [];
  try {
    for (let epoch = options.startEpoch ?? 1; epoch <= epochs; epoch++) {
      const started = performance.now();
      const order = shuffled(trainSet.count, mulberry32(options.seed + epoch));
      let lossSum = tf.scalar(0);
      let correct = tf.scalar(0, 'int32');
      let windowStart = performance.now();
      for (let step = 0; step < stepsPerEpoch; step++) {
        if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('Training stopped', 'AbortError');
        if (options.gate) await options.gate();
        const rows = order.subarray(step * batchSize, (step + 1) * batchSize);
        scaleInto(x, trainSet.images, rows);
        for (let r = 0; r < batchSize; r++) y[r] = trainSet.labels[rows[r]!]!;
        const xs = tf.tensor2d(x, [batchSize, 784]);
        const ys = tf.tensor1d(y, 'int32');
        let batchCorrect: tf.Scalar | undefined;
        // Over the model's variables in its order: Adam keeps its moments by position (restoreAdam
        // relies on it), whatever else the engine has registered.
        const loss = optimizer.minimize(() => {
          const out = logits(model, xs);
          batchCorrect = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), ys), 'int32')));
          return tf.losses.softmaxCrossEntropy(tf.oneHot(ys, 10), out) as tf.Scalar;
        }, true, model.variables)!;
        const nextSum = tf.add(lossSum, loss);
        const nextCorrect = tf.add(correct, batchCorrect!);
        tf.dispose([lossSum, correct, xs, ys, batchCorrect!]);
        lossSum = nextSum as tf.Scalar;
        correct = nextCorrect as tf.Scalar;
        if ((step + 1) % lossEvery === 0 || step === stepsPerEpoch - 1) {
          const value = (await loss.data())[0]!;
          const now = performance.now();
          const steps = (step % lossEvery) + 1;
          options.onBatch?.({
            epoch,
            step: step + 1,
            stepsPerEpoch,
            loss: value,
            samplesPerSecond: (steps * batchSize * 1000) / Math.max(1e-3, now - windowStart),
            numTensors: tf.memory().numTensors,
          });
          windowStart = now;
        }
        loss.dispose();
      }
      const [sum, right] = await Promise.all([lossSum.data(), correct.data()]);
      tf.dispose([lossSum, correct]);
      const testAccuracy = accuracy(await predict(model, testSet), testSet.labels);
      const result: EpochResult = {
        epoch,
        trainLoss: sum[0]! / stepsPerEpoch,
        trainAccuracy: right[0]! / (stepsPerEpoch * batchSize),
        testAccuracy,
        seconds: (performance.now() - started) / 1000,
        numTensors: tf.memory().numTensors,
      };
      history.push(result);
      await options.onEpoch?.(result, { readAdamState: () => readAdam(optimizer) });
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}

async function readAdam(optimizer: tf.AdamOptimizer): Promise<AdamState> {
  // [iterations, m₁ … mₙ, v₁ … vₙ]; the moments exist once the first step has been taken.
  const [iterations, ...moments] = await optimizer.getWeights();
  const data = await Promise.all(moments.map(async ({ tensor }) => new Float32Array(await tensor.data())));
  const steps = (await iterations!.tensor.data())[0]!;
  iterations!.tensor.dispose(); // a fresh scalar on every call, unlike the moments
  const count = data.length / 2;
  return { iterations: steps, firstMoments: data.slice(0, count), secondMoments: data.slice(count) };
}

async function restoreAdam(optimizer: tf.AdamOptimizer, model: Mlp, state: AdamState): Promise<void> {
  const named = (data: Float32Array, i: number, suffix: string) => ({
    name: `${model.variables[i]!.name}/${suffix}`,
    tensor: tf.tensor(data, model.variables[i]!.shape, 'float32'),
  });
  const weights = [
    { name: 'iter', tensor: tf.scalar(state.iterations, 'int32') },
    ...state.firstMoments.map((m, i) => named(m, i, 'm')),
    ...state.secondMoments.map((v, i) => named(v, i, 'v')),
  ];
  await optimizer.setWeights(weights);
  // setWeights keeps variables made from these tensors; the tensors themselves are ours to release.
  tf.dispose(weights.map((w) => w.tensor));
}
