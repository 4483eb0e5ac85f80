import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import replaceStarlightToc from '../../src/plugins/replace-starlight-toc';
import { createClassifier } from '../../src/lib/onnx/classifier';
import { exportMlp } from '../../src/lib/onnx/export';
import { checkFinite, classifyRuntimeError, NonFiniteOutputError } from '../../src/lib/onnx/runtime-errors';
import { initialWeights } from '../../src/lib/training/spec';
import { matMulModel } from '../support/onnx-models';

describe('ONNX Runtime’s failures, worded for a reader', () => {
  it('names an opset ORT does not support (its real message for opset 99)', async () => {
    const error = await createClassifier(ort, matMulModel({ opset: 99 })).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/onnxruntime\/core/);
    expect(classifyRuntimeError(error!.message)).toBe('opset');
  });

  it.each([
    ['SafeIntOnOverflow() Integer overflow', 'overflow'],
    ['narrowing_error', 'overflow'],
    ['Could not find an implementation for Foo(1) node with name ""', 'operator'],
    ['Type Error: Type (tensor(int64)) of output arg (y) of node () does not match expected type (tensor(float))', 'type'],
    ['Invalid rank for input: x Got: 3 Expected: 2', 'shape'],
    ['something else entirely', 'other'],
  ] as const)('%s → %s', (message, problem) => {
    expect(classifyRuntimeError(message)).toBe(problem);
  });

  it('a model that outputs NaN gives an error naming it, not a prediction', async () => {
    const weights = initialWeights(0);
    weights[0]![5] = NaN;
    const classifier = await createClassifier(ort, exportMlp(weights, { producerVersion: 'test' }));
    await expect(classifier.classify(new Float32Array(784), 1)).rejects.toThrow(NonFiniteOutputError);
    await classifier.release();
    expect(() => checkFinite(Float32Array.of(1, -Infinity))).toThrow('-Infinity');
    expect(() => checkFinite(Float32Array.of(0.5, 0.5))).not.toThrow();
  });
});

describe('the table-of-contents replacement', () => {
  const resolve = (plugin: ReturnType<typeof replaceStarlightToc>, importer: string) =>
    (plugin.resolveId as (this: unknown, source: string, importer: string) => string | null).call(
      { environment: { name: 'client' } },
      '../components-internals/TableOfContents/starlight-toc',
      importer,
    );
  const end = (plugin: ReturnType<typeof replaceStarlightToc>) => {
    const errors: string[] = [];
    (plugin.buildEnd as (this: unknown) => void).call({ environment: { name: 'client' }, error: (m: string) => errors.push(m) });
    return errors;
  };
  const starlight = '/x/node_modules/@astrojs/starlight/dist/components';

  it('fails the build when only one of the two tables of contents had its import replaced', () => {
    const plugin = replaceStarlightToc();
    expect(resolve(plugin, `${starlight}/TableOfContents.astro?astro&type=script&index=0&lang.ts`)).toMatch(/starlight-toc\.ts$/);
    expect(end(plugin)).toEqual([expect.stringContaining('MobileTableOfContents')]);
  });

  it('passes when both were', () => {
    const plugin = replaceStarlightToc();
    resolve(plugin, `${starlight}/TableOfContents.astro?astro&type=script&index=0&lang.ts`);
    resolve(plugin, `${starlight}/MobileTableOfContents.astro?astro&type=script&index=0&lang.ts`);
    expect(end(plugin)).toEqual([]);
  });
});
