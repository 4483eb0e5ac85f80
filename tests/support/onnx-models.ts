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
