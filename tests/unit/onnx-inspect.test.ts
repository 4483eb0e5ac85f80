import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { checkModelSize, inspectOnnx, maxModelBytes, ModelFileError, type ModelProblem } from '../../src/lib/onnx/inspect';
import { exportMlp } from '../../src/lib/onnx/export';
import { modelWith } from '../support/onnx-models';

const { onnx } = onnxProto;

function problemOf(action: () => unknown): ModelProblem {
  try {
    action();
  } catch (error) {
    if (error instanceof ModelFileError) return error.problem;
    throw error;
  }
  throw new Error('expected a ModelFileError');
}

const weights = [784 * 256, 256, 256 * 128, 128, 128 * 10, 10].map((n) => new Float32Array(n));

describe('inspectOnnx', () => {
  it('accepts the guide’s own export: flat input, batched', () => {
    expect(inspectOnnx(exportMlp(weights, { producerVersion: '1.2.3' }))).toEqual({
      inputName: 'input',
      outputName: 'probs',
      layout: 'flat',
      batched: true,
      producer: 'neural-guide 1.2.3',
      opset: 13,
    });
  });

  it('accepts an image-shaped input [N, 1, 28, 28] and a fixed batch of one', () => {
    const info = inspectOnnx(modelWith([{ name: 'x', dims: [1, 1, 28, 28] }], [{ name: 'y', dims: [1, 10] }]));
    expect(info).toMatchObject({ inputName: 'x', outputName: 'y', layout: 'image', batched: false });
  });

  it('ignores inputs that are initializers (older exporters list weights as inputs)', () => {
    const bytes = modelWith([{ name: 'x', dims: ['batch', 784] }, { name: 'w', dims: [784, 10] }], [{ name: 'y', dims: ['batch', 10] }]);
    const model = onnx.ModelProto.decode(bytes);
    (model.graph as onnxProto.onnx.GraphProto).initializer.push(onnx.TensorProto.create({ name: 'w', dims: [784, 10], dataType: 1, rawData: new Uint8Array(784 * 40) }));
    expect(inspectOnnx(onnx.ModelProto.encode(model).finish()).inputName).toBe('x');
  });

  it.each([
    ['an empty file', new Uint8Array(0), { code: 'empty' }],
    ['a PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), { code: 'not-onnx' }],
    ['text', new TextEncoder().encode('hello, this is not a model'), { code: 'not-onnx' }],
    ['a truncated model', exportMlp(weights, { producerVersion: '1' }).subarray(0, 5000), { code: 'not-onnx' }],
    ['two inputs', modelWith([{ name: 'a', dims: ['N', 784] }, { name: 'b', dims: ['N', 784] }], [{ name: 'y', dims: ['N', 10] }]), { code: 'input-count', count: 2 }],
    ['an int64 input', modelWith([{ name: 'ids', dims: ['N', 784], type: onnx.TensorProto.DataType.INT64 }], [{ name: 'y', dims: ['N', 10] }]), { code: 'input-type', name: 'ids', type: 'int64' }],
    ['a 32×32 image input', modelWith([{ name: 'img', dims: ['N', 1, 32, 32] }], [{ name: 'y', dims: ['N', 10] }]), { code: 'input-shape', name: 'img', shape: '[N, 1, 32, 32]' }],
    ['a fixed batch of 64', modelWith([{ name: 'x', dims: [64, 784] }], [{ name: 'y', dims: [64, 10] }]), { code: 'input-shape', name: 'x', shape: '[64, 784]' }],
    ['two outputs', modelWith([{ name: 'x', dims: ['N', 784] }], [{ name: 'y', dims: ['N', 10] }, { name: 'z', dims: ['N', 10] }]), { code: 'output-count', count: 2 }],
    ['1000 classes', modelWith([{ name: 'x', dims: ['N', 784] }], [{ name: 'y', dims: ['N', 1000] }]), { code: 'output-shape', name: 'y', shape: '[N, 1000]' }],
  ] as const)('names the problem with %s', (_, bytes, problem) => {
    expect(problemOf(() => inspectOnnx(bytes))).toMatchObject(problem);
  });
});

describe('checkModelSize', () => {
  it('refuses files over 50 MB before reading them, and empty files', () => {
    expect(problemOf(() => checkModelSize(maxModelBytes + 1))).toEqual({ code: 'too-large', bytes: maxModelBytes + 1 });
    expect(problemOf(() => checkModelSize(0))).toEqual({ code: 'empty' });
    expect(() => checkModelSize(maxModelBytes)).not.toThrow();
  });
});
