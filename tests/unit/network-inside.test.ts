import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstOf } from '../../src/lib/mnist/idx';
import { contributions, lookInside, topUnits, traceDigit, unitWeights } from '../../src/lib/nn/inside';
import { createClassifier } from '../../src/lib/onnx/classifier';
import { exportMlp } from '../../src/lib/onnx/export';
import { readMlpWeights } from '../../src/lib/onnx/weights';
import { initialWeights } from '../../src/lib/training/spec';
import { matMulModel } from '../support/onnx-models';
import { initialState, moveSlot, reduce, type InsideEvent } from '../../src/islands/NetworkInside/state';
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

describe('what the island shows for a digit (the worker’s lookInside)', () => {
  it('is that digit’s trace and shares, with the top units of each layer and all 256 ordered by push', () => {
    const look = lookInside(shipped, test, 3, 5);
    const pixels = test.images.subarray(3 * 784, 4 * 784);
    expect(look.pixels).toEqual(pixels);
    expect(look.label).toBe(test.labels[3]);
    const trace = traceDigit(shipped, pixels);
    expect(look.trace).toEqual(trace);
    const push = contributions(shipped, trace, trace.predicted);
    expect(look.top1).toEqual(topUnits(push.layer1, 5));
    expect(look.top2).toEqual(topUnits(push.layer2, 5));
    expect([...look.byPush].sort((a, b) => a - b)).toEqual(Array.from({ length: 256 }, (_, i) => i));
    expect(look.byPush.slice(0, 5)).toEqual(look.top1);
    expect(() => lookInside(shipped, test, test.count, 5)).toThrow(`digit ${test.count + 1} is not one of the ${test.count} test digits`);
  });
});

describe('the look inside the network’s state', () => {
  const play = (...events: InsideEvent[]) => events.reduce(reduce, initialState);
  const W1 = new Float32Array(784 * 256);
  const look = lookInside(shipped, test, 0, 5);

  it('opens through its download, and a failed download offers Try again from closed', () => {
    const opening = play({ type: 'open' }, { type: 'progress', loaded: 10, total: 100 });
    expect(opening.download).toEqual({ kind: 'running', loaded: 10, total: 100 });
    expect(reduce(opening, { type: 'open' })).toBe(opening);
    const failed = reduce(opening, { type: 'failed', message: 'HTTP 404' });
    expect([failed.phase, failed.download]).toEqual(['closed', { kind: 'failed', message: 'HTTP 404' }]);
    const open = reduce(opening, { type: 'opened', count: 2000, firstLayer: W1 });
    expect([open.phase, open.download, open.count]).toEqual(['open', null, 2000]);
  });

  it('shows the page’s model only once it is read, and drops an answer for the model no longer chosen', () => {
    const open = play({ type: 'open' }, { type: 'opened', count: 2000, firstLayer: W1 });
    expect(reduce(open, { type: 'source', source: 'page' })).toBe(open);
    const withPage = reduce(reduce(open, { type: 'page-model', firstLayer: W1 }), { type: 'source', source: 'page' });
    expect(withPage.source).toBe('page');
    expect(reduce(withPage, { type: 'looked', source: 'shipped', look })).toBe(withPage);
    expect(reduce(withPage, { type: 'looked', source: 'page', look }).look).toEqual({ source: 'page', look });
    // A worker that crashes takes what it had: the island starts over and says why.
    const crashed = reduce(withPage, { type: 'crashed', message: 'out of memory' });
    expect([crashed.phase, crashed.problem, crashed.firstLayer]).toEqual(['closed', 'out of memory', {}]);
  });

  it('moves the grid’s cursor with the arrow keys, Home and End, within the 16 × 16 tiles', () => {
    expect(moveSlot(null, 'ArrowDown')).toBe(0);
    expect(moveSlot(null, 'a')).toBeNull();
    expect(moveSlot(0, 'ArrowLeft')).toBe(0);
    expect(moveSlot(0, 'ArrowUp')).toBe(0);
    expect(moveSlot(0, 'ArrowRight')).toBe(1);
    expect(moveSlot(15, 'ArrowRight')).toBe(16);
    expect(moveSlot(17, 'ArrowDown')).toBe(33);
    expect(moveSlot(250, 'ArrowDown')).toBe(250);
    expect(moveSlot(255, 'ArrowRight')).toBe(255);
    expect(moveSlot(37, 'Home')).toBe(32);
    expect(moveSlot(37, 'End')).toBe(47);
    // The first key lands on the first tile; then they move.
    const s = play({ type: 'key', key: 'End' }, { type: 'key', key: 'End' }, { type: 'key', key: 'ArrowDown' });
    expect(s.slot).toBe(31);
    expect(reduce(s, { type: 'key', key: 'Tab' })).toBe(s);
    expect(reduce(s, { type: 'point', slot: null }).slot).toBeNull();
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
