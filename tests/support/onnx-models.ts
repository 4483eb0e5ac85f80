import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

type Dim = number | string;

/**
 * A tiny but well-formed ONNX model with the given graph inputs and outputs (an Identity node per
 * output), for exercising the validator on shapes and types a real model might have.
 */
export function modelWith(inputs: { name: string; dims: Dim[]; type?: number }[], outputs: { name: string; dims: Dim[] }[]): Uint8Array {
  const info = (name: string, dims: Dim[], type = onnx.TensorProto.DataType.FLOAT) =>
    onnx.ValueInfoProto.create({
      name,
      type: onnx.TypeProto.create({
        tensorType: onnx.TypeProto.Tensor.create({
          elemType: type,
          shape: onnx.TensorShapeProto.create({
            dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
          }),
        }),
      }),
    });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 7,
      opsetImport: [{ domain: '', version: 13 }],
      graph: onnx.GraphProto.create({
        name: 'test',
        node: outputs.map((o) => onnx.NodeProto.create({ opType: 'Identity', input: [inputs[0]?.name ?? 'x'], output: [o.name] })),
        input: inputs.map((i) => info(i.name, i.dims, i.type)),
        output: outputs.map((o) => info(o.name, o.dims)),
      }),
    }),
  ).finish();
}

const floatInfo = (name: string, dims: Dim[]) =>
  onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: onnx.TensorShapeProto.create({ dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) }),
      }),
    }),
  });

/**
 * A valid digit model that never answers: probs = input·0 + the result of a Loop of `iterations`
 * steps (10¹² by default) that adds one each time. It passes every check a file can be given before
 * it runs; only running it shows the problem.
 */
export function endlessLoopModel(iterations = 1e12): Uint8Array {
  const scalar = (name: string, type: number, value: number) =>
    onnx.TensorProto.create({
      name,
      dataType: type,
      dims: [],
      ...(type === onnx.TensorProto.DataType.FLOAT ? { floatData: [value] } : type === onnx.TensorProto.DataType.BOOL ? { int32Data: [value] } : { int64Data: [value] }),
    });
  const scalarInfo = (name: string, type: number) =>
    onnx.ValueInfoProto.create({ name, type: onnx.TypeProto.create({ tensorType: onnx.TypeProto.Tensor.create({ elemType: type, shape: onnx.TensorShapeProto.create({ dim: [] }) }) }) });
  const { FLOAT, BOOL, INT64 } = onnx.TensorProto.DataType;
  const body = onnx.GraphProto.create({
    name: 'body',
    input: [scalarInfo('i', INT64), scalarInfo('cond_in', BOOL), scalarInfo('acc_in', FLOAT)],
    output: [scalarInfo('cond_out', BOOL), scalarInfo('acc_out', FLOAT)],
    initializer: [scalar('one', FLOAT, 1)],
    node: [
      onnx.NodeProto.create({ opType: 'Identity', input: ['cond_in'], output: ['cond_out'] }),
      onnx.NodeProto.create({ opType: 'Add', input: ['acc_in', 'one'], output: ['acc_out'] }),
    ],
  });
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 7,
      opsetImport: [{ domain: '', version: 13 }],
      graph: onnx.GraphProto.create({
        name: 'endless',
        input: [floatInfo('input', ['N', 784])],
        output: [floatInfo('probs', ['N', 10])],
        initializer: [
          scalar('trips', INT64, iterations),
          scalar('go', BOOL, 1),
          scalar('zero', FLOAT, 0),
          onnx.TensorProto.create({ name: 'W', dataType: FLOAT, dims: [784, 10], floatData: new Array(7840).fill(0) }),
        ],
        node: [
          onnx.NodeProto.create({
            opType: 'Loop',
            input: ['trips', 'go', 'zero'],
            output: ['count'],
            attribute: [onnx.AttributeProto.create({ name: 'body', type: onnx.AttributeProto.AttributeType.GRAPH, g: body })],
          }),
          onnx.NodeProto.create({ opType: 'MatMul', input: ['input', 'W'], output: ['scores'] }),
          onnx.NodeProto.create({ opType: 'Add', input: ['scores', 'count'], output: ['probs'] }),
        ],
      }),
    }),
  ).finish();
}

/** A one-node digit model (probs = input·W) stamped with the given opset, and optionally an initializer nothing uses. */
export function matMulModel(options: { opset?: number; unusedInitializer?: boolean } = {}): Uint8Array {
  const { FLOAT } = onnx.TensorProto.DataType;
  const W = Array.from({ length: 7840 }, (_, i) => (i % 10 === Math.floor(i / 784) % 10 ? 0.01 : 0));
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 7,
      opsetImport: [{ domain: '', version: options.opset ?? 13 }],
      graph: onnx.GraphProto.create({
        name: 'matmul',
        input: [floatInfo('input', ['N', 784])],
        output: [floatInfo('probs', ['N', 10])],
        initializer: [
          onnx.TensorProto.create({ name: 'W', dataType: FLOAT, dims: [784, 10], floatData: W }),
          ...(options.unusedInitializer ? [onnx.TensorProto.create({ name: 'unused', dataType: FLOAT, dims: [2], floatData: [1, 2] })] : []),
        ],
        node: [onnx.NodeProto.create({ opType: 'MatMul', input: ['input', 'W'], output: ['probs'] })],
      }),
    }),
  ).finish();
}

/**
 * `bytes` (a model that reads [0, 1] pixels) made into one that reads pixels as `x ↦ a·x + b` scaled
 * them, as if trained that way: its input is first mapped back by (y − b) / a. For [−1, 1] (the
 * article's Normalize) a = 2, b = −1; for 0–255, a = 255, b = 0.
 */
export function rescaledInputModel(bytes: Uint8Array, a: number, b: number): Uint8Array {
  const { FLOAT } = onnx.TensorProto.DataType;
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph!;
  const input = graph.input!.find((i) => !graph.initializer!.some((t) => t.name === i.name))!;
  const original = input.name!;
  input.name = 'scaled_input';
  graph.initializer!.push(
    onnx.TensorProto.create({ name: 'rescale_shift', dataType: FLOAT, dims: [], floatData: [-b] }),
    onnx.TensorProto.create({ name: 'rescale_factor', dataType: FLOAT, dims: [], floatData: [1 / a] }),
  );
  graph.node!.unshift(
    onnx.NodeProto.create({ opType: 'Add', input: ['scaled_input', 'rescale_shift'], output: ['rescale_shifted'] }),
    onnx.NodeProto.create({ opType: 'Mul', input: ['rescale_shifted', 'rescale_factor'], output: [original] }),
  );
  return onnx.ModelProto.encode(model).finish();
}
