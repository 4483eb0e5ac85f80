import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstOf } from '../../src/lib/mnist/idx';
import { createMlp, dense, disposeMlp, layerSizes, logits, mlpFromWeights, parameterCount, readWeights } from '../../src/lib/mnist/model';
import { confusionMatrix, scaleInto, shuffled, train, type AdamState } from '../../src/lib/mnist/train';
import { mulberry32 } from '../../src/lib/nn/prng';
import { readMnist } from '../../scripts/mnist-source';
import { useWasmBackend } from '../support/tfjs-node';

const trainAll = readMnist('train');
const testAll = readMnist('test');

beforeAll(useWasmBackend);

describe('batching', () => {
  it('scales pixels like Normalize((0.5,), (0.5,)): 0 → −1, 255 → 1', () => {
    const out = new Float32Array(784 * 2);
    const images = new Uint8Array(784 * 3);
    images[784 * 2] = 255;
    images[784 * 2 + 1] = 51;
    scaleInto(out, images, [2, 0]);
    expect([out[0], out[1], out[2], out[784]]).toEqual([1, Math.fround(51 / 127.5 - 1), -1, -1]);
  });

  it('shuffles into a permutation, the same for the same seed', () => {
    const a = shuffled(1000, mulberry32(3));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffled(1000, mulberry32(3))).toEqual(a);
    expect(shuffled(1000, mulberry32(4))).not.toEqual(a);
  });
});

describe('the model', () => {
  it('has the article’s shape and 235,146 parameters', () => {
    expect(layerSizes).toEqual([784, 256, 128, 10]);
    expect(parameterCount).toBe(235_146);
    const model = createMlp(0);
    expect(model.variables.map((v) => v.shape)).toEqual([[784, 256], [256], [256, 128], [128], [128, 10], [10]]);
    expect(model.variables.reduce((n, v) => n + v.size, 0)).toBe(235_146);
    const out = tf.tidy(() => logits(model, tf.zeros([3, 784])));
    expect(out.shape).toEqual([3, 10]);
    tf.dispose(out);
    disposeMlp(model);
  });

  it('its layers’ written-out gradient equals tfjs’s autodiff of x·W + b (to 1e-6)', () => {
    const model = createMlp(3);
    const [W1, b1, W2, b2, W3, b3] = model.variables as tf.Variable[];
    const x = tf.randomUniform([32, 784], -1, 1, 'float32', 5) as tf.Tensor2D;
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => (i * 7) % 10), 'int32'), 10);
    const plain = (input: tf.Tensor2D) => {
      const h1 = tf.relu(tf.add(tf.matMul(input, W1 as tf.Tensor2D), b1!)) as tf.Tensor2D;
      const h2 = tf.relu(tf.add(tf.matMul(h1, W2 as tf.Tensor2D), b2!)) as tf.Tensor2D;
      return tf.add(tf.matMul(h2, W3 as tf.Tensor2D), b3!) as tf.Tensor2D;
    };
    const ours = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, logits(model, x)) as tf.Scalar);
    const autodiff = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, plain(x)) as tf.Scalar);
    expect(ours.value.dataSync()[0]).toBeCloseTo(autodiff.value.dataSync()[0]!, 6);
    for (const name of Object.keys(autodiff.grads)) {
      const gap = tf.max(tf.abs(tf.sub(ours.grads[name]!, autodiff.grads[name]!))).dataSync()[0]!;
      expect(gap, name).toBeLessThan(1e-6);
    }
    // and with respect to the layer's input
    const [dx] = tf.grads((input: tf.Tensor) => tf.sum(tf.square(dense(input as tf.Tensor2D, W1!, b1!))))([x]);
    const [dxPlain] = tf.grads((input: tf.Tensor) => tf.sum(tf.square(tf.add(tf.matMul(input as tf.Tensor2D, W1 as tf.Tensor2D), b1!))))([x]);
    expect(tf.max(tf.abs(tf.sub(dx!, dxPlain!))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, y, ours.value, autodiff.value, dx!, dxPlain!, ...Object.values(ours.grads), ...Object.values(autodiff.grads)]);
    disposeMlp(model);
  });

  it('one training step lowers the loss on its batch', async () => {
    const model = createMlp(1);
    const batch = firstOf(trainAll, 100);
    const lossOn = () =>
      tf.tidy(() => {
        const x = new Float32Array(100 * 784);
        scaleInto(x, batch.images, Array.from({ length: 100 }, (_, i) => i));
        return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(batch.labels, 'int32'), 10), logits(model, tf.tensor2d(x, [100, 784])));
      });
    const before = lossOn();
    await train(model, batch, firstOf(testAll, 10), { epochs: 1, batchSize: 100, learningRate: 1e-3, seed: 0 });
    const after = lossOn();
    expect((await after.data())[0]).toBeLessThan((await before.data())[0]!);
    tf.dispose([before, after]);
    disposeMlp(model);
  });
});

describe('training on real MNIST in Node', () => {
  it('on 5,000 digits it learns as fast as the article’s PyTorch script does', async () => {
    // The article's network, loss and optimiser in PyTorch 1.13 on the same first 5,000 digits
    // (seed 0, batch 100) reach 85.8% test accuracy after one epoch and 87.7% after three on this
    // machine; one epoch of 50 Adam steps does not reach 90% in either framework.
    const pytorch = { 1: 0.858, 3: 0.877 };
    const model = createMlp(0);
    const history = await train(model, firstOf(trainAll, 5000), testAll, { epochs: 3, batchSize: 100, learningRate: 1e-3, seed: 0 });
    disposeMlp(model);
    expect(history[0]!.testAccuracy).toBeGreaterThan(pytorch[1] - 0.015);
    expect(history[2]!.testAccuracy).toBeGreaterThan(pytorch[3] - 0.015);
    expect(history[2]!.trainLoss).toBeLessThan(history[0]!.trainLoss);
  });

  it('does not leak: the tensor count after epoch 10 equals that after epoch 2', async () => {
    const model = createMlp(0);
    const counts: number[] = [];
    await train(model, firstOf(trainAll, 500), firstOf(testAll, 200), {
      epochs: 10,
      batchSize: 100,
      learningRate: 1e-3,
      seed: 0,
      onEpoch: (r) => {
        counts.push(r.numTensors);
      },
    });
    disposeMlp(model);
    expect(counts).toHaveLength(10);
    expect(counts[9]).toBe(counts[1]);
  });

  it('reports progress per batch and per epoch, and stops when asked', async () => {
    const model = createMlp(0);
    const controller = new AbortController();
    const batches: number[] = [];
    await expect(
      train(model, firstOf(trainAll, 2000), firstOf(testAll, 100), {
        epochs: 3,
        batchSize: 100,
        learningRate: 1e-3,
        seed: 0,
        lossEvery: 5,
        signal: controller.signal,
        onBatch: (p) => {
          batches.push(p.step);
          expect(p.loss).toBeGreaterThan(0);
          expect(p.samplesPerSecond).toBeGreaterThan(0);
          if (p.epoch === 2 && p.step === 10) controller.abort();
        },
      }),
    ).rejects.toThrow();
    disposeMlp(model);
    expect(batches).toEqual([5, 10, 15, 20, 5, 10]);
  });
});

describe('confusionMatrix', () => {
  it('counts true digits by row and predictions by column', () => {
    const m = confusionMatrix(Uint8Array.from([1, 1, 2]), Uint8Array.from([1, 2, 2]));
    expect(m[1]![1]).toBe(1);
    expect(m[2]![1]).toBe(1);
    expect(m[2]![2]).toBe(1);
    expect(m.flat().reduce((a, b) => a + b)).toBe(3);
  });
});

describe('model lifetime', () => {
  it('creating and disposing a model, or rebuilding one from weights, leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const model = createMlp(3);
    const weights = await readWeights(model);
    disposeMlp(model);
    disposeMlp(mlpFromWeights(weights));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('resuming', () => {
  // Training cut after epoch 1 and resumed on a model rebuilt from the copied weights, as the page
  // does when a backend fails, must go on exactly as the uncut run did.
  const trainSet = firstOf(trainAll, 1000);
  const testSet = firstOf(testAll, 100);
  const options = { epochs: 2, batchSize: 100, learningRate: 1e-3, seed: 0 };

  it('with Adam’s state carried over, a run cut after epoch 1 ends with the uncut run’s weights', async () => {
    const uncut = createMlp(0);
    await train(uncut, trainSet, testSet, options);
    const expected = await readWeights(uncut);
    disposeMlp(uncut);

    const first = createMlp(0);
    let saved: { weights: Float32Array[]; adam: AdamState } | undefined;
    await train(first, trainSet, testSet, {
      ...options,
      epochs: 1,
      onEpoch: async (_, end) => {
        saved = { weights: await readWeights(first), adam: await end.readAdamState() };
      },
    });
    disposeMlp(first);
    expect(saved!.adam.iterations).toBe(10);
    expect(saved!.adam.firstMoments.map((m) => m.length)).toEqual(expected.map((w) => w.length));

    const before = tf.memory().numTensors;
    const resumedWith = async (adamState?: AdamState) => {
      const model = mlpFromWeights(saved!.weights);
      await train(model, trainSet, testSet, { ...options, startEpoch: 2, adamState });
      const weights = await readWeights(model);
      disposeMlp(model);
      return weights;
    };
    expect(await resumedWith(saved!.adam)).toEqual(expected);
    // Without it (a fresh Adam) the run goes elsewhere: the comparison above can fail.
    expect(await resumedWith()).not.toEqual(expected);
    expect(tf.memory().numTensors).toBe(before);
  });
});
