import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClassifier, pixelsOf } from '../../src/lib/onnx/classifier';
import { exportMlp } from '../../src/lib/onnx/export';
import { createMlpClassifier } from '../../src/lib/onnx/mlp-forward';
import { initialWeights } from '../../src/lib/training/spec';
import { readMnist } from '../../scripts/mnist-source';
import { matMulModel } from '../support/onnx-models';

// The pad's answer while ONNX Runtime downloads (src/lib/onnx/mlp-forward.ts) must be the answer ORT
// then gives: same digit, same probabilities to float32 rounding, for both shipped files.

const test = readMnist('test');
const count = 2000;
const pixels = pixelsOf(test, 0, count);

describe('the guide’s MLP files computed in TypeScript', () => {
  it.each(['mnist-mlp.onnx', 'mnist-mlp.int8.onnx'])('%s: the same probabilities as onnxruntime on 2,000 test digits', async (file) => {
    const bytes = readFileSync(`public/models/${file}`);
    const viaOrt = await createClassifier(ort, bytes);
    const expected = await viaOrt.classify(pixels, count);
    await viaOrt.release();
    const got = await createMlpClassifier(bytes).classify(pixels, count);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-5);
    for (let r = 0; r < count; r++) {
      const row = (p: Float32Array) => Array.from(p.subarray(r * 10, r * 10 + 10));
      const best = (p: number[]) => p.indexOf(Math.max(...p));
      expect(best(row(got)), `digit ${r}`).toBe(best(row(expected)));
    }
  });

  it('mnist-mlp.int8.onnx: one digit at a time, as the pad asks, the same as onnxruntime (quantization is per call)', async () => {
    const bytes = readFileSync('public/models/mnist-mlp.int8.onnx');
    const viaOrt = await createClassifier(ort, bytes);
    const mine = createMlpClassifier(bytes);
    let worst = 0;
    for (let r = 0; r < 200; r++) {
      const one = pixels.subarray(r * 784, (r + 1) * 784);
      const [a, b] = [await mine.classify(one, 1), await viaOrt.classify(one, 1)];
      for (let i = 0; i < 10; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    }
    await viaOrt.release();
    expect(worst).toBeLessThan(1e-5);
  });

  it('a drawing of anything, a blank pad included, gets finite probabilities that sum to 1, like ORT', async () => {
    const bytes = exportMlp(initialWeights(3), { producerVersion: 'test', weights: 'int8' });
    const odd = new Float32Array(3 * 784);
    odd.fill(1, 784, 2 * 784); // all ink
    for (let i = 2 * 784; i < 3 * 784; i++) odd[i] = (i % 7) / 6;
    const got = await createMlpClassifier(bytes).classify(odd, 3);
    const viaOrt = await createClassifier(ort, bytes);
    const expected = await viaOrt.classify(odd, 3);
    await viaOrt.release();
    for (let r = 0; r < 3; r++) expect(got.subarray(r * 10, r * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(expected[i]!, 5);
  });

  it('refuses a file that is not one of the guide’s MLPs, naming what is missing', () => {
    expect(() => createMlpClassifier(matMulModel())).toThrow(/this file is not one of the guide's MLPs/);
  });
});
