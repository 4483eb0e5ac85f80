import type { EngineId } from '../../lib/training/engine';

/** How the pages name each training engine (technical names, the same in every language). */
export const engineNames: Record<EngineId, string> = {
  wasm: 'WebAssembly',
  webgpu: 'WebGPU',
  'tfjs-webgpu': 'TensorFlow.js, WebGPU',
  'tfjs-webgl': 'TensorFlow.js, WebGL',
  'tfjs-wasm': 'TensorFlow.js, WebAssembly',
  'tfjs-cpu': 'TensorFlow.js, CPU (JavaScript)',
};
