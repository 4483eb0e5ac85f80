import onnxProto from 'onnx-proto';
import { checkWeights, parameterShapes } from '../training/spec';

const { onnx } = onnxProto;
type Tensor = InstanceType<typeof onnx.TensorProto>;

/**
 * The weights of one of the guide's own MLP files (src/lib/onnx/export.ts: the shipped models and
 * the ones trained on the page), read through onnx-proto: [W1, b1, W2, b2, W3, b3] float32 in
 * src/lib/training/spec.ts's layout. An int8 file's kernels come back dequantized (q · scale per
 * output column), the values its MatMulInteger multiplies by. Throws, naming what is missing, for
 * any other file.
 */
export function readMlpWeights(bytes: Uint8Array): Float32Array[] {
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
  const weights = [1, 2, 3].flatMap((l) => {
    const bias = floats(`b${l}`);
    let kernel = floats(`W${l}`);
    const q = byName.get(`W${l}_int8`);
    const scales = floats(`W${l}_scale`);
    if (!kernel && q?.rawData && scales) {
      const values = new Int8Array(Uint8Array.from(q.rawData).buffer);
      kernel = Float32Array.from(values, (v, i) => v * scales[i % scales.length]!);
    }
    if (!kernel || !bias) throw new Error(`this file is not one of the guide's MLPs: no ${kernel ? `b${l}` : `W${l}`}`);
    return [kernel, bias];
  });
  checkWeights(weights);
  weights.forEach((w, i) => {
    if (w.length !== parameterShapes[i]!.reduce((a, b) => a * b, 1)) throw new Error(`weight array ${i} has the wrong size`);
  });
  return weights;
}
