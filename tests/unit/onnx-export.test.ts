import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import onnxProto from 'onnx-proto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstOf } from '../../src/lib/mnist/idx';
import { logits } from '../../src/lib/engines/tfjs/layers';
import { scaleInto } from '../../src/lib/training/data';
import { initialWeights, parameterShapes } from '../../src/lib/training/spec';
import { createClassifier, pixelsOf } from '../../src/lib/onnx/classifier';
import { exportMlp, inputName, opsetVersion, outputName, quantizePerColumn } from '../../src/lib/onnx/export';
import { readMnist } from '../../scripts/mnist-source';
import { useTfjsWasm } from '../../scripts/node-engines';

const { onnx } = onnxProto;
const test100 = firstOf(readMnist('test'), 100);

/** Debian's python3-onnx, when it is installed (an independent reference for the format). */
const python = '/usr/bin/python3';
const hasOnnxChecker = spawnSync(python, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;

describe('exportMlp', () => {
  const weights = initialWeights(7);
  const float32 = exportMlp(weights, { producerVersion: '9.9.9' });
  let tensors: tf.Tensor[];

  beforeAll(async () => {
    await useTfjsWasm();
    tensors = weights.map((w, i) => tf.tensor(w, parameterShapes[i] as number[]));
    return () => tf.dispose(tensors);
  });

  it('writes the graph the issue of record asks for: opset 13, input [N, 784], output probs [N, 10], producer metadata', () => {
    const m = onnx.ModelProto.decode(float32);
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', opsetVersion]]);
    expect([m.producerName, m.producerVersion]).toEqual(['neural-guide', '9.9.9']);
    const graph = m.graph as onnxProto.onnx.GraphProto;
    const dims = (v: onnxProto.onnx.IValueInfoProto) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect(graph.input.map((i) => i.name)).toEqual([inputName]);
    expect(dims(graph.input[0]!)).toEqual(['N', 784]);
    expect(graph.input[0]!.type!.tensorType!.elemType).toBe(onnx.TensorProto.DataType.FLOAT);
    expect(graph.output.map((o) => o.name)).toEqual([outputName]);
    expect(dims(graph.output[0]!)).toEqual(['N', 10]);
    expect(graph.node.map((n) => n.opType)).toEqual(['Mul', 'Sub', 'Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm', 'Softmax']);
    const sizes = graph.initializer.filter((t) => /^[Wb]\d$/.test(t.name ?? '')).map((t) => [t.name, (t.dims ?? []).map(Number)]);
    expect(sizes).toEqual([['W1', [784, 256]], ['b1', [256]], ['W2', [256, 128]], ['b2', [128]], ['W3', [128, 10]], ['b3', [10]]]);
  });

  it('onnxruntime gives the same probabilities as TensorFlow.js on 100 test digits (to 1e-5)', async () => {
    const x = new Float32Array(100 * 784);
    scaleInto(x, test100.images, Array.from({ length: 100 }, (_, i) => i));
    const expected = tf.tidy(() => tf.softmax(logits(tensors, tf.tensor2d(x, [100, 784]))));
    const want = await expected.data();
    expected.dispose();
    const classifier = await createClassifier(ort, float32);
    const got = await classifier.classify(pixelsOf(test100), 100);
    await classifier.release();
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    expect(worst).toBeLessThan(1e-5);
  });

  it('the int8 twin multiplies in integers (MatMulInteger on int8 kernels), is about a quarter of the size, and stays close', async () => {
    const int8 = exportMlp(weights, { producerVersion: '9.9.9', weights: 'int8' });
    const graph = onnx.ModelProto.decode(int8).graph as onnxProto.onnx.GraphProto;
    expect(graph.node.filter((n) => n.opType === 'MatMulInteger')).toHaveLength(3);
    expect(graph.node.filter((n) => n.opType === 'Gemm')).toHaveLength(0);
    expect(graph.initializer.filter((t) => t.dataType === onnx.TensorProto.DataType.INT8).map((t) => t.name)).toContain('W1_int8');
    expect(int8.byteLength / float32.byteLength).toBeLessThan(0.27);
    const [a, b] = await Promise.all([createClassifier(ort, float32), createClassifier(ort, int8)]);
    const pixels = pixelsOf(test100);
    const [pa, pb] = await Promise.all([a.classify(pixels, 100), b.classify(pixels, 100)]);
    let worst = 0;
    for (let i = 0; i < pa.length; i++) worst = Math.max(worst, Math.abs(pa[i]! - pb[i]!));
    expect(worst).toBeLessThan(0.05);
    await Promise.all([a.release(), b.release()]);
  });

  it('refuses weights of the wrong count or size', () => {
    expect(() => exportMlp(weights.slice(0, 5), { producerVersion: '1' })).toThrow(/expected 6 weight arrays/);
    expect(() => exportMlp([new Float32Array(10), ...weights.slice(1)], { producerVersion: '1' })).toThrow(/weight array 0 has 10 values, expected 200704/);
  });

  it.runIf(hasOnnxChecker)('onnx.checker.check_model accepts both files (Debian python3-onnx)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'onnx-'));
    const files = ['float32', 'int8'].map((kind) => {
      const file = path.join(dir, `${kind}.onnx`);
      writeFileSync(file, exportMlp(weights, { producerVersion: '1', weights: kind as 'float32' | 'int8' }));
      return file;
    });
    const script = 'import onnx, sys\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\n    print("ok", f)';
    const result = spawnSync(python, ['-c', script, ...files], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.match(/^ok /gm)).toHaveLength(2);
  });
});

describe('quantizePerColumn', () => {
  it('rounds every weight to within half a step of its column scale, with the column maximum at ±127', () => {
    const kernel = Float32Array.from({ length: 6 * 4 }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 4)));
    const { values, scales } = quantizePerColumn(kernel, 6, 4);
    for (let i = 0; i < kernel.length; i++) {
      expect(Math.abs(values[i]! * scales[i % 4]! - kernel[i]!)).toBeLessThanOrEqual(scales[i % 4]! / 2 + 1e-7);
    }
    for (let c = 0; c < 4; c++) {
      const column = Array.from({ length: 6 }, (_, r) => Math.abs(values[r * 4 + c]!));
      expect(Math.max(...column)).toBe(127);
    }
  });

  it('gives an all-zero column scale 1 instead of dividing by zero', () => {
    const { values, scales } = quantizePerColumn(new Float32Array(6), 3, 2);
    expect(Array.from(scales)).toEqual([1, 1]);
    expect(Array.from(values)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
