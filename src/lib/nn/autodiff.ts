import * as tf from '@tensorflow/tfjs';
import type { Params } from './network';

/**
 * The worked network's loss and gradients by TensorFlow.js automatic differentiation (`tf.grads`),
 * an independent check of the hand-written chain rule in `backward`. Runs on whichever tfjs
 * backend is active (the caller registers one); tfjs computes in float32.
 * x: length 3, t: length 2. Returns plain arrays shaped like {@link Params}.
 */
export async function autodiffGradients(params: Params, x: number[], t: number[]): Promise<{ loss: number; grads: Params }> {
  const inputs = [
    tf.tensor2d(params.W1), // [2, 3] float32
    tf.tensor2d(params.b1, [2, 1]),
    tf.tensor2d(params.W2), // [2, 2] float32
    tf.tensor2d(params.b2, [2, 1]),
  ];
  const xs = tf.tensor2d(x, [3, 1]);
  const ts = tf.tensor2d(t, [2, 1]);
  const lossOf = (W1: tf.Tensor, b1: tf.Tensor, W2: tf.Tensor, b2: tf.Tensor) => {
    const h = tf.sigmoid(tf.add(tf.matMul(W1 as tf.Tensor2D, xs), b1));
    const y = tf.sigmoid(tf.add(tf.matMul(W2 as tf.Tensor2D, h as tf.Tensor2D), b2));
    return tf.mean(tf.square(tf.sub(y, ts))) as tf.Scalar;
  };
  const loss = tf.tidy(() => lossOf(inputs[0]!, inputs[1]!, inputs[2]!, inputs[3]!));
  const grads = tf.tidy(() => tf.grads((W1, b1, W2, b2) => lossOf(W1!, b1!, W2!, b2!))(inputs));
  try {
    const [gW1, gb1, gW2, gb2] = (await Promise.all(grads.map((g) => g.array()))) as number[][][];
    return {
      loss: (await loss.array()) as number,
      grads: { W1: gW1!, b1: gb1!.map((r) => r[0]!), W2: gW2!, b2: gb2!.map((r) => r[0]!) },
    };
  } finally {
    tf.dispose([...inputs, xs, ts, loss, ...grads]);
  }
}
