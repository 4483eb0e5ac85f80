/// <reference lib="webworker" />
import type { EngineFactory, EngineId } from '../lib/training/engine';

/**
 * The training worker's engines, each imported on first use: tfjs and its backends' binaries load
 * only when a run needs them, and the WebAssembly engine's few kilobytes likewise.
 */
export async function loadEngine(id: EngineId): Promise<EngineFactory> {
  switch (id) {
    case 'wasm': {
      const { browserWasmEngine } = await import('./wasm-engine');
      return browserWasmEngine();
    }
    case 'tfjs-webgpu':
    case 'tfjs-webgl':
    case 'tfjs-wasm':
    case 'tfjs-cpu': {
      const [{ tfjsEngine }] = await Promise.all([import('../lib/engines/tfjs/engine'), import('./tfjs-backends')]);
      return tfjsEngine(id.slice('tfjs-'.length) as 'webgpu' | 'webgl' | 'wasm' | 'cpu');
    }
  }
}
