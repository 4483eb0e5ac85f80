import onnxProto from 'onnx-proto';
import { layerSizes } from '../training/spec';

const { onnx } = onnxProto;

/** The ONNX operator set the exported graphs use (from 13 on, Softmax normalises over the one axis given). */
export const opsetVersion = 13;
/** IR version 7 is the one that goes with opset 13. */
const irVersion = 7;

export const inputName = 'input';
export const outputName = 'probs';

export interface ExportOptions {
  /** written into the model's producer_version */
  producerVersion: string;
  /**
   * 'float32' stores the weights as they are; 'int8' stores each kernel as int8 with one float scale
   * per output neuron (symmetric, zero point 0) and multiplies in integers: each layer's input is
   * quantized to uint8 at run time (dynamic quantization, DynamicQuantizeLinear + MatMulInteger).
   */
  weights?: 'float32' | 'int8';
  /** free text for the model's doc_string */
  description?: string;
}

/**
 * The article's MLP as an ONNX model.
 *
 * weights: [W1, b1, W2, b2, W3, b3] as float32, kernels row-major [in, out] (784×256, 256×128,
 * 128×10), biases [out] — the layout of src/lib/training/spec.ts.
 * The graph reads `input` float32 [N, 784], pixels in [0, 1] with ink = 1, scales them to [−1, 1]
 * as the training did, and writes `probs` float32 [N, 10] (softmax over the ten digits).
 * Returns the serialized ModelProto.
 */
export function exportMlp(weights: readonly Float32Array[], options: ExportOptions): Uint8Array {
  const layers = layerSizes.length - 1;
  if (weights.length !== layers * 2) throw new Error(`expected ${layers * 2} weight arrays, got ${weights.length}`);
  weights.forEach((w, i) => {
    const [fanIn, fanOut] = [layerSizes[Math.floor(i / 2)]!, layerSizes[Math.floor(i / 2) + 1]!];
    const expected = i % 2 === 0 ? fanIn * fanOut : fanOut;
    if (w.length !== expected) throw new Error(`weight array ${i} has ${w.length} values, expected ${expected}`);
  });

  const int8 = options.weights === 'int8';
  const initializer: InstanceType<typeof onnx.TensorProto>[] = [
    floatTensor('two', [], Float32Array.of(2)),
    floatTensor('one', [], Float32Array.of(1)),
  ];
  const node: InstanceType<typeof onnx.NodeProto>[] = [
    makeNode('Mul', [inputName, 'two'], ['doubled'], 'scale'),
    makeNode('Sub', ['doubled', 'one'], ['x0'], 'shift'),
  ];
  for (let l = 0; l < layers; l++) {
    const [fanIn, fanOut] = [layerSizes[l]!, layerSizes[l + 1]!];
    const kernel = `W${l + 1}`;
    const bias = `b${l + 1}`;
    const last = l === layers - 1;
    const out = last ? 'logits' : `z${l + 1}`;
    if (int8) {
      // Dynamic quantization: the layer's input is quantized to uint8 at run time, the product is
      // computed in integers (MatMulInteger) and scaled back to float once per output.
      const { values, scales } = quantizePerColumn(weights[2 * l]!, fanIn, fanOut);
      initializer.push(
        int8Tensor(`${kernel}_int8`, [fanIn, fanOut], values),
        int8Tensor(`${kernel}_zero_point`, [fanOut], new Int8Array(fanOut)),
        floatTensor(`${kernel}_scale`, [fanOut], scales),
        floatTensor(bias, [fanOut], weights[2 * l + 1]!),
      );
      const q = `x${l}`;
      node.push(
        makeNode('DynamicQuantizeLinear', [q], [`${q}_uint8`, `${q}_scale`, `${q}_zero_point`], `quantize${l + 1}`),
        makeNode('MatMulInteger', [`${q}_uint8`, `${kernel}_int8`, `${q}_zero_point`, `${kernel}_zero_point`], [`${out}_int32`], `matmul${l + 1}`),
        makeNode('Cast', [`${out}_int32`], [`${out}_float`], `cast${l + 1}`, [intAttribute('to', onnx.TensorProto.DataType.FLOAT)]),
        makeNode('Mul', [`${out}_float`, `${q}_scale`], [`${out}_scaled`], `rescale_input${l + 1}`),
        makeNode('Mul', [`${out}_scaled`, `${kernel}_scale`], [`${out}_product`], `rescale_weights${l + 1}`),
        makeNode('Add', [`${out}_product`, bias], [out], `bias${l + 1}`),
      );
    } else {
      initializer.push(floatTensor(kernel, [fanIn, fanOut], weights[2 * l]!), floatTensor(bias, [fanOut], weights[2 * l + 1]!));
      node.push(makeNode('Gemm', [`x${l}`, kernel, bias], [out], `dense${l + 1}`));
    }
    if (!last) node.push(makeNode('Relu', [out], [`x${l + 1}`], `relu${l + 1}`));
  }
  node.push(makeNode('Softmax', ['logits'], [outputName], 'softmax', [intAttribute('axis', 1)]));

  const model = onnx.ModelProto.create({
    irVersion,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: opsetVersion })],
    producerName: 'neural-guide',
    producerVersion: options.producerVersion,
    docString: options.description ?? '',
    metadataProps: [
      onnx.StringStringEntryProto.create({ key: 'input_pixels', value: '[0, 1], ink = 1, 28×28 row-major' }),
      onnx.StringStringEntryProto.create({ key: 'weights', value: int8 ? 'int8 per output neuron, dynamic uint8 activations' : 'float32' }),
    ],
    graph: onnx.GraphProto.create({
      name: 'mnist_mlp',
      node,
      initializer,
      input: [valueInfo(inputName, ['N', 784])],
      output: [valueInfo(outputName, ['N', 10])],
    }),
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Symmetric int8 quantization with one scale per output column: q = round(w / s), s = max|w| / 127.
 * kernel: float32 [rows, cols] row-major. Returns q int8 [rows, cols] and s float32 [cols].
 */
export function quantizePerColumn(kernel: Float32Array, rows: number, cols: number): { values: Int8Array; scales: Float32Array } {
  const scales = new Float32Array(cols);
  for (let i = 0; i < kernel.length; i++) scales[i % cols] = Math.max(scales[i % cols]!, Math.abs(kernel[i]!));
  // A column of zeros keeps scale 1 so that dequantizing never divides by zero.
  for (let c = 0; c < cols; c++) scales[c] = scales[c]! > 0 ? scales[c]! / 127 : 1;
  const values = new Int8Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = Math.round(kernel[i]! / scales[i % cols]!);
  return { values, scales };
}

function makeNode(
  opType: string,
  input: string[],
  output: string[],
  name: string,
  attribute: InstanceType<typeof onnx.AttributeProto>[] = [],
) {
  return onnx.NodeProto.create({ opType, input, output, name, attribute });
}

function intAttribute(name: string, value: number) {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });
}

function floatTensor(name: string, dims: number[], values: Float32Array) {
  // raw_data is little-endian; Float32Array is host order, which is little-endian on every platform we run on.
  const raw = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  return onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw });
}

function int8Tensor(name: string, dims: number[], values: Int8Array) {
  const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  return onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.INT8, rawData: raw });
}

function valueInfo(name: string, shape: (string | number)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: onnx.TensorShapeProto.create({
          dim: shape.map((d) =>
            typeof d === 'string' ? onnx.TensorShapeProto.Dimension.create({ dimParam: d }) : onnx.TensorShapeProto.Dimension.create({ dimValue: d }),
          ),
        }),
      }),
    }),
  });
}
