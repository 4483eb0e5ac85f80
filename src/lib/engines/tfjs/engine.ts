import * as tf from '@tensorflow/tfjs';
import type { AdamState, EngineFactory, EngineId, TrainingEngine } from '../../training/engine';
import { adamDefaults, requireAdam } from '../../training/engine';
import { scaleInto } from '../../training/data';
import { classCount, inputSize, parameterShapes } from '../../training/spec';
import { logits } from './layers';

/** The TensorFlow.js backends the guide trains on. */
export type TfBackend = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/**
 * The network in TensorFlow.js on one of its backends, with tfjs's Adam and autodiff (through the
 * written-out layer gradients of layers.ts). The host registers the backend's binaries first (for
 * 'wasm', `setWasmPaths`); this factory switches tfjs to the backend and fails if it does not start.
 * Nothing is read from the device synchronously: on WebGPU `dataSync()` broke the device.
 */
export function tfjsEngine(backend: TfBackend): EngineFactory {
  const id = `tfjs-${backend}` as EngineId;
  return async (options) => {
    requireAdam(id, options);
    const { learningRate, maxBatch, checkpoint } = options;
    if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start`);
    await tf.ready();
    const variables = checkpoint.weights.map((w, i) => toVariable(tf.tensor(w, parameterShapes[i] as number[], 'float32')));
    const optimizer = tf.train.adam(learningRate, adamDefaults.beta1, adamDefaults.beta2, adamDefaults.epsilon);
    if (checkpoint.adam) await restoreAdam(optimizer, variables, checkpoint.adam);
    let lossSum: tf.Scalar = tf.scalar(0);
    let correct: tf.Scalar = tf.scalar(0, 'int32');
    let last: tf.Scalar | null = null;

    // The article's Normalize, on the host: the scaled batch goes to the device as float32.
    const scaled = new Float32Array(Math.max(maxBatch, 1000) * inputSize);
    const input = (pixels: Uint8Array, n: number) => {
      const x = scaled.subarray(0, n * inputSize);
      scaleInto(x, pixels, identity(n));
      return tf.tensor2d(x, [n, inputSize]);
    };
    const batch = (pixels: Uint8Array, labels: Uint8Array) => ({ xs: input(pixels, labels.length), ys: tf.tensor1d(Int32Array.from(labels), 'int32') });

    const engine: TrainingEngine = {
      id,
      step(pixels, labels) {
        const { xs, ys } = batch(pixels, labels);
        let batchCorrect: tf.Scalar | undefined;
        // Over the variables in their order: Adam keeps its moments by position (restoreAdam relies
        // on it), whatever else the backend has registered.
        const loss = optimizer.minimize(
          () => {
            const out = logits(variables, xs);
            batchCorrect = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), ys), 'int32')));
            return tf.losses.softmaxCrossEntropy(tf.oneHot(ys, classCount), out) as tf.Scalar;
          },
          true,
          variables,
        )!;
        const nextSum = tf.add(lossSum, loss) as tf.Scalar;
        const nextCorrect = tf.add(correct, batchCorrect!) as tf.Scalar;
        tf.dispose([lossSum, correct, xs, ys, batchCorrect!, ...(last ? [last] : [])]);
        lossSum = nextSum;
        correct = nextCorrect;
        last = loss;
      },
      async lastLoss() {
        if (!last) throw new Error('no step taken yet');
        return (await last.data())[0]!;
      },
      async takeTotals() {
        const [sum, right] = await Promise.all([lossSum.data(), correct.data()]);
        tf.dispose([lossSum, correct]);
        lossSum = tf.scalar(0);
        correct = tf.scalar(0, 'int32');
        return { lossSum: sum[0]!, correct: right[0]! };
      },
      async gradients(pixels, labels) {
        const { xs, ys } = batch(pixels, labels);
        const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(tf.oneHot(ys, classCount), logits(variables, xs)) as tf.Scalar, variables);
        const out = await Promise.all(variables.map(async (v) => new Float32Array(await grads[v.name]!.data())));
        tf.dispose([xs, ys, value, ...Object.values(grads)]);
        return out;
      },
      async predict(pixels, count) {
        const classes = tf.tidy(() => tf.argMax(logits(variables, input(pixels, count)), 1));
        try {
          return Uint8Array.from(await classes.data());
        } finally {
          classes.dispose();
        }
      },
      async checkpoint() {
        const weights = await Promise.all(variables.map(async (v) => new Float32Array(await v.data())));
        return { weights, adam: await readAdam(optimizer) };
      },
      dispose() {
        tf.dispose([...variables, lossSum, correct, ...(last ? [last] : [])]);
        last = null;
        optimizer.dispose();
      },
      diagnostics: () => ({ tensors: tf.memory().numTensors }),
    };
    return engine;
  };
}

/** A variable holding `initial`'s data; `initial` itself is released (a variable shares, not copies, it). */
function toVariable(initial: tf.Tensor): tf.Variable {
  const variable = tf.variable(initial);
  initial.dispose();
  return variable;
}

async function readAdam(optimizer: tf.AdamOptimizer): Promise<AdamState | null> {
  // [iterations, m₁ … mₙ, v₁ … vₙ]; the moments exist once the first step has been taken.
  const [iterations, ...moments] = await optimizer.getWeights();
  const steps = (await iterations!.tensor.data())[0]!;
  iterations!.tensor.dispose(); // a fresh scalar on every call, unlike the moments
  if (moments.length === 0) return null;
  const data = await Promise.all(moments.map(async ({ tensor }) => new Float32Array(await tensor.data())));
  const count = data.length / 2;
  return { step: steps, m: data.slice(0, count), v: data.slice(count) };
}

async function restoreAdam(optimizer: tf.AdamOptimizer, variables: tf.Variable[], state: AdamState): Promise<void> {
  const named = (data: Float32Array, i: number, suffix: string) => ({
    name: `${variables[i]!.name}/${suffix}`,
    tensor: tf.tensor(data, variables[i]!.shape, 'float32'),
  });
  const weights = [
    { name: 'iter', tensor: tf.scalar(state.step, 'int32') },
    ...state.m.map((m, i) => named(m, i, 'm')),
    ...state.v.map((v, i) => named(v, i, 'v')),
  ];
  await optimizer.setWeights(weights);
  // setWeights keeps variables made from these tensors; the tensors themselves are ours to release.
  tf.dispose(weights.map((w) => w.tensor));
}

const identities = new Map<number, Uint32Array>();
/** 0, 1, …, n − 1 (the rows of a batch that is already gathered). */
function identity(n: number): Uint32Array {
  let rows = identities.get(n);
  if (!rows) identities.set(n, (rows = Uint32Array.from({ length: n }, (_, i) => i)));
  return rows;
}
