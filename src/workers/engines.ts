/// <reference lib="webworker" />
import { isSoftwareAdapter } from '../browser/capabilities';
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
    case 'webgpu': {
      const [{ webgpuEngine }, { blocks }] = await Promise.all([import('../lib/engines/webgpu/engine'), import('../lib/engines/webgpu/kernels')]);
      // A fresh adapter for each device: an adapter gives out one device.
      const adapter = async () => {
        const found = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });
        if (!found) throw new Error('this browser offers no WebGPU adapter');
        return found;
      };
      return webgpuEngine(async () => (await adapter()).requestDevice(), isSoftwareAdapter(await adapter()) ? blocks.software : blocks.hardware);
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
