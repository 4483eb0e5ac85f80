import type { EngineId } from '../training/engine';

/** What the browser offers, as probed in the worker (see src/browser/capabilities.ts). */
export interface Capabilities {
  /** 'hardware': a real GPU adapter; 'software': a fallback/emulated one (SwiftShader); 'none' */
  webgpu: 'hardware' | 'software' | 'none';
  /** likewise for WebGL (a SwiftShader renderer is 'software') */
  webgl: 'hardware' | 'software' | 'none';
  wasm: boolean;
}

/** Why the first engine was chosen; islands turn the code into a sentence. */
export type ChoiceReason = 'override' | 'measured' | 'webgpu-hardware' | 'webgpu-software' | 'webgl-hardware' | 'no-gpu' | 'no-wasm';

export interface EngineChoice {
  /** the engines to try, in order: if one fails to start or fails mid-run, the next takes over */
  order: EngineId[];
  reason: ChoiceReason;
  /** engines worth timing before the run: the fastest of them goes first, and the page shows the figures */
  measure: EngineId[];
}

/** Whether this browser can run an engine at all. */
export function canRun(caps: Capabilities, id: EngineId): boolean {
  switch (id) {
    case 'wasm':
    case 'tfjs-wasm':
      return caps.wasm;
    case 'webgpu':
    case 'tfjs-webgpu':
      return caps.webgpu !== 'none';
    case 'tfjs-webgl':
      return caps.webgl !== 'none';
    case 'tfjs-cpu':
      return true;
  }
}

/** What the GPU situation alone says, in one word for the page. */
function gpuReason(caps: Capabilities): ChoiceReason {
  return caps.webgpu === 'hardware'
    ? 'webgpu-hardware'
    : caps.webgl === 'hardware'
      ? 'webgl-hardware'
      : !caps.wasm
        ? 'no-wasm'
        : caps.webgpu === 'software'
          ? 'webgpu-software'
          : 'no-gpu';
}

/**
 * One function decides the engine for training. Without an override, the candidates are the
 * guide's WebAssembly engine, its WebGPU engine on any adapter (an emulated one such as SwiftShader
 * is timed like the rest: it loses), and TensorFlow.js on each real GPU the browser offers. Which
 * one is fastest depends on the device, so they are timed before the run (`measure`, then
 * {@link rankByTiming}). After the candidates come the fallbacks, slowest last. A reader's
 * override goes first but keeps the others as fallbacks.
 */
export function chooseEngines(caps: Capabilities, override?: EngineId): EngineChoice {
  const measure: EngineId[] = [
    ...(caps.wasm ? (['wasm'] as const) : []),
    ...(caps.webgpu !== 'none' ? (['webgpu'] as const) : []),
    ...(caps.webgpu === 'hardware' ? (['tfjs-webgpu'] as const) : []),
    ...(caps.webgl === 'hardware' ? (['tfjs-webgl'] as const) : []),
  ];
  const automatic: EngineId[] = [
    ...measure,
    ...(caps.wasm ? (['tfjs-wasm'] as const) : []),
    // Emulated WebGL is slower than WASM but still faster than the plain-JS CPU backend.
    ...(caps.webgl === 'software' ? (['tfjs-webgl'] as const) : []),
    'tfjs-cpu',
  ];
  if (override && canRun(caps, override)) {
    return { order: [override, ...automatic.filter((b) => b !== override)], reason: 'override', measure: [] };
  }
  return { order: automatic, reason: gpuReason(caps), measure };
}

/**
 * The run order once the candidates were timed: measured engines fastest first (one that could
 * not run is left out of that group), then the remaining fallbacks in their order. With a single
 * candidate the timing decided nothing, and the reason stays what the GPU situation says.
 */
export function rankByTiming(choice: EngineChoice, timings: readonly { engine: EngineId; samplesPerSecond: number | null }[]): EngineChoice {
  const ranked = timings.filter((t) => t.samplesPerSecond !== null).sort((a, b) => b.samplesPerSecond! - a.samplesPerSecond!).map((t) => t.engine);
  if (ranked.length === 0) return choice;
  return { ...choice, order: [...ranked, ...choice.order.filter((id) => !ranked.includes(id))], reason: timings.length > 1 ? 'measured' : choice.reason };
}

/** onnxruntime-web execution providers the guide uses for inference. */
export type OrtProvider = 'webgpu' | 'wasm';

/**
 * The decision for inference with onnxruntime-web: WebGPU first only on a hardware adapter, WASM
 * otherwise and as the fallback. ORT's WebGL provider is
 * not used: a GPU without WebGPU runs this small model faster on WASM. ORT needs WebAssembly for
 * every provider, so without it the order is empty.
 */
export function chooseOrtProviders(caps: Capabilities): { order: OrtProvider[]; reason: ChoiceReason } {
  const reason = gpuReason(caps);
  if (!caps.wasm) return { order: [], reason };
  return { order: caps.webgpu === 'hardware' ? ['webgpu', 'wasm'] : ['wasm'], reason };
}
