import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstOf } from '../../src/lib/mnist/idx';
import { contributions, topUnits, traceDigit, unitWeights } from '../../src/lib/nn/inside';
import { createClassifier } from '../../src/lib/onnx/classifier';
import { exportMlp } from '../../src/lib/onnx/export';
import { readMlpWeights } from '../../src/lib/onnx/weights';
import { initialWeights } from '../../src/lib/training/spec';
import { matMulModel } from '../support/onnx-models';
import { readMnist } from '../../scripts/mnist-source';

const test = firstOf(readMnist('test'), 20);
const shippedBytes = readFileSync('public/models/mnist-mlp.onnx');
const shipped = readMlpWeights(shippedBytes);

describe('reading the weights out of the guide’s ONNX files', () => {
  it('gives back what was exported, to the bit for float32 and within half a quantization step for int8', () => {
    const weights = initialWeights(3);
    expect(readMlpWeights(exportMlp(weights, { producerVersion: 'test' }))).toEqual(weights);
    const int8 = readMlpWeights(exportMlp(weights, { producerVersion: 'test', weights: 'int8' }));
    for (const l of [0, 2, 4]) {
      const step = weights[l]!.reduce((m, w) => Math.max(m, Math.abs(w)), 0) / 127;
      int8[l]!.forEach((w, i) => expect(Math.abs(w - weights[l]![i]!)).toBeLessThanOrEqual(step / 2 + 1e-7));
      expect(int8[l + 1]).toEqual(weights[l + 1]);
    }
  });

  it('refuses an ONNX file that is not one of the guide’s MLPs, naming what is missing', () => {
    expect(() => readMlpWeights(matMulModel())).toThrow(/this file is not one of the guide's MLPs: no [Wb]1/);
  });
});

describe('one digit through the network', () => {
  it('gives the probabilities ONNX Runtime computes from the same file', async () => {
    const classifier = await createClassifier(ort, shippedBytes);
    for (let d = 0; d < test.count; d++) {
      const pixels = test.images.subarray(d * 784, (d + 1) * 784);
      const probs = await classifier.classify(Float32Array.from(pixels, (p) => p / 255), 1);
      const trace = traceDigit(shipped, pixels);
      trace.probs.forEach((p, c) => expect(Math.abs(p - probs[c]!), `digit ${d}, class ${c}`).toBeLessThan(1e-5));
    }
    await classifier.release();
  });

  it('splits the predicted digit’s logit exactly into the units’ shares and a bias term, in both layers', () => {
    for (let d = 0; d < test.count; d++) {
      const trace = traceDigit(shipped, test.images.subarray(d * 784, (d + 1) * 784));
      const c = trace.predicted;
      const { layer1, layer2, constant1, constant2 } = contributions(shipped, trace, c);
      const sum = (a: Float32Array) => a.reduce((x, y) => x + y, 0);
      expect(sum(layer2) + constant2).toBeCloseTo(trace.logits[c]!, 4);
      expect(sum(layer1) + constant1).toBeCloseTo(trace.logits[c]!, 4);
      // A closed unit shares nothing.
      trace.h1.forEach((h, i) => h === 0 && expect(layer1[i]).toBe(0));
    }
  });

  it('names the largest first, ties by number, and lays a unit’s weights out as its 28×28 picture', () => {
    expect(topUnits([0.5, 2, -1, 2, 1], 3)).toEqual([1, 3, 4]);
    expect(topUnits([1, 1, 1], 2)).toEqual([0, 1]);
    const W1 = shipped[0]!;
    const unit = unitWeights(W1, 17);
    expect(unit).toHaveLength(784);
    expect(unit[28 * 14 + 14]).toBe(W1[(28 * 14 + 14) * 256 + 17]);
  });
});

describe('the shipped model’s first layer (chapter 5.4.4’s figures)', () => {
  it('the record is what the shipped model and the training digits give, and bears out the prose', async () => {
    const { closedUnits, weightSpread } = await import('../../src/lib/nn/weight-spread');
    const recorded = (await import('../../src/data/inside-network.json')).default;
    const train = readMnist('train');
    const testAll = readMnist('test');
    expect({ model: recorded.model, trainCount: train.count, ...weightSpread(shipped[0]!, train.images, train.count), ...closedUnits(shipped, testAll.images, recorded.closedOn) }).toEqual(recorded);
    expect(Math.abs(recorded.closedSpread / recorded.initialSpread - 1)).toBeLessThan(0.05);
    expect(Math.abs(recorded.spreadNever / recorded.initialSpread - 1)).toBeLessThan(0.05);
    expect(recorded.spreadOften / recorded.spreadNever).toBeGreaterThan(2);
  });
});
