import onnxProto from 'onnx-proto';
import { checkWeights, parameterShapes } from '../training/spec';

const { onnx } = onnxProto;
type Tensor = InstanceType<typeof onnx.TensorProto>;

/**
 * One dense layer of one of the guide's own MLP files, as the file stores it: a float32 kernel
 * [fanIn, fanOut] row-major, or (int8 files) the int8 kernel with one float scale per output column.
 * bias: float32 [fanOut].
 */
export type MlpLayer = { bias: Float32Array } & ({ kernel: Float32Array } | { int8: Int8Array; scales: Float32Array });

/**
 * The three layers of one of the guide's own MLP files (src/lib/onnx/export.ts: the shipped models and
 * the ones trained on the page), read through onnx-proto. Throws, naming what is missing, for any
 * other file.
 */
export function readMlpLayers(bytes: Uint8Array): MlpLayer[] {
  const graph = onnx.ModelProto.decode(bytes).graph;
  const byName = new Map<string, Tensor>((graph?.initializer ?? []).map((t) => [t.name ?? '', t as Tensor]));
  const floats = (name: string): Float32Array | undefined => {
    const t = byName.get(name);
    if (!t) return undefined;
    if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new Error(`${name} is not float32`);
    // A copy: protobuf may hand out a view into the whole file (in Node, a Buffer whose slice is a view too).
    if (t.rawData && t.rawData.length) return new Float32Array(Uint8Array.from(t.rawData).buffer);
    return Float32Array.from(t.floatData ?? []);
  };
  const layers = [1, 2, 3].map((l): MlpLayer => {
    const bias = floats(`b${l}`);
    const kernel = floats(`W${l}`);
    const q = byName.get(`W${l}_int8`);
    const scales = floats(`W${l}_scale`);
    if (!bias || (!kernel && !(q?.rawData?.length && scales))) throw new Error(`this file is not one of the guide's MLPs: no ${bias ? `W${l}` : `b${l}`}`);
    return kernel ? { kernel, bias } : { int8: new Int8Array(Uint8Array.from(q!.rawData!).buffer), scales: scales!, bias };
  });
  const sizes = layers.flatMap((layer) => ['kernel' in layer ? layer.kernel.length : layer.int8.length, layer.bias.length]);
  sizes.forEach((n, i) => {
    if (n !== parameterShapes[i]!.reduce((a, b) => a * b, 1)) throw new Error(`weight array ${i} has the wrong size`);
  });
  return layers;
}

/**
 * The weights of one of the guide's own MLP files: [W1, b1, W2, b2, W3, b3] float32 in
 * src/lib/training/spec.ts's layout. An int8 file's kernels come back dequantized (q · scale per
 * output column), the values its MatMulInteger multiplies by.
 */
export function readMlpWeights(bytes: Uint8Array): Float32Array[] {
  const weights = readMlpLayers(bytes).flatMap((layer) => [
    'kernel' in layer ? layer.kernel : Float32Array.from(layer.int8, (v, i) => v * layer.scales[i % layer.scales.length]!),
    layer.bias,
  ]);
  checkWeights(weights);
  return weights;
}
