import * as tf from '@tensorflow/tfjs';
import type { MnistSet } from '../../src/lib/mnist/idx';
import { scaleInto } from '../../src/lib/training/data';
import { adamDefaults } from '../../src/lib/training/engine';
import { parameterShapes } from '../../src/lib/training/spec';

/**
 * tfjs's own autodiff of the article's network and loss on one batch, with plain ops (not the
 * engines' code): the mean loss and the gradients at `weights`, and the weights after one Adam step from them. The
 * reference every engine is held to. tfjs must be on a backend (the tests use WASM).
 */
export async function autodiffReference(
  weights: Float32Array[],
  batch: MnistSet,
  /** dropout on the hidden layers: each mask [n, units] of 1 (kept) and 0, kept units scaled by 1/(1 − p) */
  dropout?: { p: number; h1: Float32Array; h2: Float32Array },
): Promise<{ grads: Float32Array[]; stepped: Float32Array[]; loss: number }> {
  const n = batch.count;
  const x = new Float32Array(n * 784);
  scaleInto(x, batch.images, Array.from({ length: n }, (_, i) => i));
  const vars = weights.map((w, i) => tf.variable(tf.tensor(w, parameterShapes[i] as number[])));
  const xs = tf.tensor2d(x, [n, 784]);
  const ys = tf.oneHot(tf.tensor1d(Int32Array.from(batch.labels), 'int32'), 10);
  const masks = dropout && [tf.tensor2d(dropout.h1, [n, 256]).mul(1 / (1 - dropout.p)), tf.tensor2d(dropout.h2, [n, 128]).mul(1 / (1 - dropout.p))];
  const drop = (h: tf.Tensor, i: number) => (masks ? tf.mul(h, masks[i]!) : h);
  const loss = () => {
    const [W1, b1, W2, b2, W3, b3] = vars as tf.Variable[];
    const h1 = drop(tf.relu(tf.add(tf.matMul(xs, W1 as tf.Tensor2D), b1!)), 0);
    const h2 = drop(tf.relu(tf.add(tf.matMul(h1 as tf.Tensor2D, W2 as tf.Tensor2D), b2!)), 1);
    return tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(h2 as tf.Tensor2D, W3 as tf.Tensor2D), b3!)) as tf.Scalar;
  };
  const { value, grads } = tf.variableGrads(loss, vars);
  const meanLoss = (await value.data())[0]!;
  const g = await Promise.all(vars.map(async (v) => new Float32Array(await grads[v.name]!.data())));
  tf.dispose([value, ...Object.values(grads)]);
  const adam = tf.train.adam(1e-3, adamDefaults.beta1, adamDefaults.beta2, adamDefaults.epsilon);
  adam.minimize(loss, false, vars);
  const stepped = await Promise.all(vars.map(async (v) => new Float32Array(await v.data())));
  tf.dispose([...vars, xs, ys, ...(masks ?? [])]);
  adam.dispose();
  return { grads: g, stepped, loss: meanLoss };
}
