import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Files above this size are refused before they are read. */
export const maxModelBytes = 50 * 1024 * 1024;

/** How a digit is laid out in the model's input: flat [N, 784] or an image [N, 1, 28, 28]. */
export type InputLayout = 'flat' | 'image';

export interface ModelInfo {
  inputName: string;
  outputName: string;
  layout: InputLayout;
  /** false when the model takes exactly one digit per run */
  batched: boolean;
  producer: string;
  opset: number;
}

/** Why a model file cannot be used; islands turn the code and its details into a sentence. */
export type ModelProblem =
  | { code: 'too-large'; bytes: number }
  | { code: 'empty' }
  | { code: 'not-onnx'; detail: string }
  | { code: 'input-count'; count: number }
  | { code: 'input-type'; name: string; type: string }
  | { code: 'input-shape'; name: string; shape: string }
  | { code: 'output-count'; count: number }
  | { code: 'output-shape'; name: string; shape: string };

export class ModelFileError extends Error {
  constructor(readonly problem: ModelProblem) {
    super(`unusable ONNX model: ${JSON.stringify(problem)}`);
    this.name = 'ModelFileError';
  }
}

/** Refuse a file by its size alone, before reading it. */
export function checkModelSize(bytes: number): void {
  if (bytes === 0) throw new ModelFileError({ code: 'empty' });
  if (bytes > maxModelBytes) throw new ModelFileError({ code: 'too-large', bytes });
}

/**
 * Check that bytes are an ONNX model that classifies one MNIST digit: exactly one graph input that
 * is float32 [N, 784] or [N, 1, 28, 28] (N free or fixed) and one output whose last dimension is 10.
 * Throws ModelFileError naming the first problem found.
 */
export function inspectOnnx(bytes: Uint8Array): ModelInfo {
  checkModelSize(bytes.byteLength);
  let model: InstanceType<typeof onnx.ModelProto>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new ModelFileError({ code: 'not-onnx', detail: error instanceof Error ? error.message : String(error) });
  }
  const graph = model.graph;
  const nodes = graph?.node ?? [];
  // Protobuf decodes many byte strings without complaint; a real model has a graph with nodes and an opset.
  if (!graph || nodes.length === 0 || model.opsetImport.length === 0 || Number(model.irVersion) <= 0) {
    throw new ModelFileError({ code: 'not-onnx', detail: 'no graph, nodes or operator set' });
  }
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? ''));
  if (inputs.length !== 1) throw new ModelFileError({ code: 'input-count', count: inputs.length });
  const input = inputs[0]!;
  const inputName = input.name ?? '';
  const inputTensor = input.type?.tensorType;
  const elemType = inputTensor?.elemType ?? 0;
  if (!inputTensor || elemType !== onnx.TensorProto.DataType.FLOAT) {
    const type = inputTensor ? (onnx.TensorProto.DataType[elemType] ?? String(elemType)) : 'not a tensor';
    throw new ModelFileError({ code: 'input-type', name: inputName, type: String(type).toLowerCase() });
  }
  const inputDims = dims(inputTensor.shape);
  const tail = inputDims.slice(1).join(',');
  const layout: InputLayout | undefined = inputDims.length === 2 && tail === '784' ? 'flat' : inputDims.length === 4 && tail === '1,28,28' ? 'image' : undefined;
  if (!layout || !batchDimension(inputDims[0]!)) {
    throw new ModelFileError({ code: 'input-shape', name: inputName, shape: showShape(inputDims) });
  }
  const outputs = graph.output ?? [];
  if (outputs.length !== 1) throw new ModelFileError({ code: 'output-count', count: outputs.length });
  const output = outputs[0]!;
  const outputDims = dims(output.type?.tensorType?.shape);
  if (outputDims.length !== 2 || outputDims[1] !== '10' || !batchDimension(outputDims[0]!)) {
    throw new ModelFileError({ code: 'output-shape', name: output.name ?? '', shape: showShape(outputDims) });
  }
  return {
    inputName,
    outputName: output.name ?? '',
    layout,
    batched: inputDims[0] !== '1',
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    opset: Math.max(...model.opsetImport.filter((o) => !o.domain || o.domain === 'ai.onnx').map((o) => Number(o.version)), 0),
  };
}

type Shape = onnxProto.onnx.ITensorShapeProto | null | undefined;

/** Each dimension as text: its value, its symbolic name, or '?' when unknown. */
function dims(shape: Shape): string[] {
  return (shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null && Number(d.dimValue) > 0 ? String(d.dimValue) : '?'));
}

/** The batch dimension must be symbolic or unknown (any N) or 1 (one digit at a time). */
function batchDimension(d: string): boolean {
  return !/^\d+$/.test(d) || d === '1';
}

function showShape(d: string[]): string {
  return `[${d.join(', ')}]`;
}
