/** TensorFlow.js backends the guide can train on, fastest first on typical hardware. */
export const tfBackends = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type TfBackend = (typeof tfBackends)[number];

/** What the browser offers, as probed in the worker (see src/workers/capabilities.ts). */
export interface Capabilities {
  /** 'hardware': a real GPU adapter; 'software': a fallback/emulated one (SwiftShader); 'none' */
  webgpu: 'hardware' | 'software' | 'none';
  /** likewise for WebGL (a SwiftShader renderer is 'software') */
  webgl: 'hardware' | 'software' | 'none';
  wasm: boolean;
  /** cross-origin isolated, so the WASM backend can use threads */
  threads: boolean;
}

/** Why the first backend was chosen; islands turn the code into a sentence. */
export type ChoiceReason = 'override' | 'webgpu-hardware' | 'webgpu-software' | 'webgl-hardware' | 'no-gpu' | 'no-wasm';

export interface BackendChoice {
  /** the backends to try, in order: if one fails to start or fails mid-run, the next takes over */
  order: TfBackend[];
  reason: ChoiceReason;
}

/**
 * One function decides the backend for training (and, later, inference). WebGPU only on a real
 * hardware adapter: an emulated adapter such as SwiftShader is slower than WASM. Then WebGL, WASM,
 * CPU. A reader's override goes first but keeps the others as fallbacks.
 */
export function chooseBackend(caps: Capabilities, override?: TfBackend): BackendChoice {
  const available = (b: TfBackend) =>
    b === 'webgpu' ? caps.webgpu !== 'none' : b === 'webgl' ? caps.webgl !== 'none' : b === 'wasm' ? caps.wasm : true;
  const automatic: TfBackend[] = [
    ...(caps.webgpu === 'hardware' ? (['webgpu'] as const) : []),
    ...(caps.webgl === 'hardware' ? (['webgl'] as const) : []),
    ...(caps.wasm ? (['wasm'] as const) : []),
    // Emulated WebGL is slower than WASM but still faster than the plain-JS CPU backend.
    ...(caps.webgl === 'software' ? (['webgl'] as const) : []),
    'cpu',
  ];
  if (override && available(override)) {
    return { order: [override, ...automatic.filter((b) => b !== override)], reason: 'override' };
  }
  const reason: ChoiceReason =
    caps.webgpu === 'hardware'
      ? 'webgpu-hardware'
      : caps.webgl === 'hardware'
        ? 'webgl-hardware'
        : !caps.wasm
          ? 'no-wasm'
          : caps.webgpu === 'software'
            ? 'webgpu-software'
            : 'no-gpu';
  return { order: automatic, reason };
}

/** onnxruntime-web execution providers the guide uses for inference. */
export type OrtProvider = 'webgpu' | 'wasm';

/**
 * The same decision for inference with onnxruntime-web: WebGPU first only where training would
 * start on WebGPU (a hardware adapter), WASM otherwise and as the fallback. ORT's WebGL provider is
 * not used: a GPU without WebGPU runs this small model faster on WASM. ORT needs WebAssembly for
 * every provider, so without it the order is empty.
 */
export function chooseOrtProviders(caps: Capabilities): { order: OrtProvider[]; reason: ChoiceReason } {
  const { order, reason } = chooseBackend(caps);
  if (!caps.wasm) return { order: [], reason };
  return { order: order[0] === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'], reason };
}
