import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/lib/onnx/classifier';
import { aboveChance, chooseScaling, inputScalings, mcnemar, measureScalings, scalePixels } from '../../src/lib/onnx/input-scaling';
import { readMnist } from '../../scripts/mnist-source';
import { rescaledInputModel } from '../support/onnx-models';

const all = readMnist('test');
// The page measures a reader's model on its default subset's 2,000 test digits; the first 2,000 here.
const digits = { count: 2000, images: all.images.subarray(0, 2000 * 784), labels: all.labels.subarray(0, 2000) };
const shipped = readFileSync('public/models/mnist-mlp.onnx');

describe('input scaling of a reader’s model', () => {
  it('maps the page’s [0, 1] pixels to each convention', () => {
    const px = new Float32Array([0, 0.5, 1]);
    expect([...scalePixels(px, 'unit')]).toEqual([0, 0.5, 1]);
    expect([...scalePixels(px, 'symmetric')]).toEqual([-1, 0, 1]);
    expect([...scalePixels(px, 'bytes')]).toEqual([0, 127.5, 255]);
    const standard = [...scalePixels(px, 'standard')];
    expect(standard[0]).toBeCloseTo(-0.1307 / 0.3081, 5);
    expect(standard[2]).toBeCloseTo((1 - 0.1307) / 0.3081, 5);
    expect(scalePixels(px, 'unit')).toBe(px);
  });

  it.each([
    ['[0, 1]', 'unit', 1, 0],
    ['[−1, 1] (the article’s Normalize)', 'symmetric', 2, -1],
    ['MNIST mean and standard deviation', 'standard', 1 / 0.3081, -0.1307 / 0.3081],
    ['0–255', 'bytes', 255, 0],
  ] as const)('a model trained on %s is found out by its accuracy on test digits', async (_, expected, a, b) => {
    const bytes = expected === 'unit' ? shipped : rescaledInputModel(shipped, a, b);
    const classifier = await createClassifier(ort, bytes);
    const progress: number[] = [];
    const measured = await measureScalings((px, n) => classifier.classify(px, n), digits, { onProgress: (done) => progress.push(done) });
    await classifier.release();
    expect(measured.map((m) => m.scaling)).toEqual([...inputScalings]);
    expect(chooseScaling(measured).scaling).toBe(expected);
    const chosen = measured.find((m) => m.scaling === expected)!;
    // The shipped model reads 97.5% of the full test set; the first 2,000 digits are a little harder or easier.
    expect(chosen.correct / chosen.count).toBeGreaterThan(0.96);
    // The shipped model reads a few digits more with mean and standard deviation than as trained: chance,
    // which the choice must not follow. Every other case leaves the right scaling well ahead.
    for (const m of measured) {
      if (expected === 'unit' && m.scaling === 'standard') expect(Math.abs(m.correct - chosen.correct)).toBeLessThan(20);
      else if (m.scaling !== expected) expect(m.correct).toBeLessThan(chosen.correct);
    }
    expect(progress.at(-1)).toBe(2000 * inputScalings.length);
    expect(progress.every((d, i) => i === 0 || d >= progress[i - 1]!)).toBe(true);
  });

  it('a scaling the model fails on counts as none correct, with the reason, and the rest are still measured', async () => {
    const measured = await measureScalings(async (px, n) => {
      if (px.some((v) => v > 1)) throw new Error('output holds NaN');
      return new Float32Array(n * 10).map((_, i) => (i % 10 === 0 ? 1 : 0));
    }, digits);
    expect(measured.find((m) => m.scaling === 'bytes')).toMatchObject({ correct: 0, error: 'output holds NaN' });
    const zeros = [...digits.labels].filter((l) => l === 0).length;
    expect(measured.find((m) => m.scaling === 'unit')!.correct).toBe(zeros);
  });

  it('another scaling wins only when McNemar’s test says its lead is not chance', () => {
    const right = (ones: number[], n = 100) => Uint8Array.from({ length: n }, (_, i) => (ones.includes(i) ? 1 : 0));
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    const m = (scaling: (typeof inputScalings)[number], ones: number[]) => ({ scaling, correct: ones.length, count: 100, right: right(ones) });
    // 90 in common; [0, 1] alone reads 2 more, mean/std alone 5 more: χ² = (3 − 1)² / 7 ≈ 0.57.
    const close = [m('unit', [...range(0, 90), 90, 91]), m('symmetric', range(0, 80)), m('standard', [...range(0, 90), ...range(92, 97)]), m('bytes', [])];
    expect(chooseScaling(close)).toEqual({ scaling: 'unit', chiSquare: expect.closeTo(4 / 7, 5), aboveChance: true });
    // [−1, 1] alone reads 20 more: χ² = 19² / 20.
    const clear = [m('unit', range(0, 70)), m('symmetric', range(0, 90)), m('standard', range(0, 85)), m('bytes', [])];
    expect(chooseScaling(clear)).toEqual({ scaling: 'symmetric', chiSquare: expect.closeTo(361 / 20, 5), aboveChance: true });
    // A model that answers NaN in [0, 1] and guesses in every other scaling keeps [0, 1] (and says it).
    const guessing = [m('unit', []), m('symmetric', range(0, 12)), m('standard', range(0, 10)), m('bytes', range(0, 9))];
    expect(chooseScaling(guessing)).toMatchObject({ scaling: 'unit', aboveChance: false });
    expect(aboveChance(200, 2000)).toBe(false);
    expect(aboveChance(241, 2000)).toBe(true);
    expect(mcnemar(right([1, 2]), right([1, 2]))).toBe(0);
  });

  it('a tie goes to the earlier scaling in the list', () => {
    const m = (scaling: (typeof inputScalings)[number], ones: number) => ({ scaling, correct: ones, count: 100, right: Uint8Array.from({ length: 100 }, (_, i) => (i < ones ? 1 : 0)) });
    expect(chooseScaling([m('unit', 10), m('symmetric', 60), m('standard', 60), m('bytes', 1)]).scaling).toBe('symmetric');
  });
});
