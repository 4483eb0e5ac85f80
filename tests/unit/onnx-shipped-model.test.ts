import * as ort from 'onnxruntime-web';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accuracy } from '../../src/lib/training/data';
import { parameterCount } from '../../src/lib/training/spec';
import { classifySet, createClassifier } from '../../src/lib/onnx/classifier';
import { readMnist } from '../../scripts/mnist-source';
import card from '../../public/models/mnist-mlp.card.json';
import reference from '../../src/data/mnist-reference-run.json';

const test = readMnist('test');

describe('the shipped model (public/models/)', () => {
  it.each(card.models)('$file: the card’s SHA-256 and size are the file’s', ({ file, sha256, bytes }) => {
    const data = readFileSync(`public/models/${file}`);
    expect(createHash('sha256').update(data).digest('hex')).toBe(sha256);
    expect(data.byteLength).toBe(bytes);
  });

  // The recipe's result depends on the seed by a few tenths of a point (the reference run records
  // seeds 0–9); the float32 model must be as good as the worst of them, less 0.1 point.
  const floor = Math.min(...reference.finalTestAccuracyBySeed) - 0.001;

  it.each(card.models)('$file: test accuracy recomputed from the ONNX file with onnxruntime is the card’s, and within the recipe’s seed spread for float32', async ({ file, testAccuracy, weights }) => {
    const classifier = await createClassifier(ort, readFileSync(`public/models/${file}`));
    const measured = accuracy(await classifySet(classifier, test), test.labels);
    await classifier.release();
    expect(measured).toBe(testAccuracy);
    expect(measured).toBeGreaterThanOrEqual(weights === 'float32' ? floor : 0.97);
    expect(floor).toBeGreaterThan(0.97);
  });

  it('the card describes the article’s network, trained on the full data with the article’s settings', () => {
    expect(card.parameters).toBe(parameterCount);
    expect(card.data).toMatchObject({ train: 60_000, test: 10_000 });
    expect(card.training).toMatchObject({ epochs: 10, batchSize: 100, learningRate: 0.001, optimizer: 'Adam' });
    expect(card.history).toHaveLength(10);
    const [float32, int8] = card.models;
    expect(int8!.bytes / float32!.bytes).toBeLessThan(0.3);
  });
});
