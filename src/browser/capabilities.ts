/// <reference lib="webworker" />
import type { Capabilities } from '../lib/backend/choose';

/** Software renderers that emulate a GPU on the CPU: slower than WASM for training. */
const SOFTWARE = /swiftshader|llvmpipe|software|basic render/i;

interface GpuAdapterLike {
  info?: { architecture?: string; vendor?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** Whether a WebGPU adapter emulates a GPU on the CPU (SwiftShader and its kind). */
export function isSoftwareAdapter(adapter: GpuAdapterLike): boolean {
  const info = adapter.info ?? {};
  const fallback = info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  return fallback || SOFTWARE.test(`${info.architecture ?? ''} ${info.vendor ?? ''} ${info.description ?? ''}`);
}

/** Probe what this browser offers for TensorFlow.js; runs in the training worker. */
export async function probeCapabilities(): Promise<Capabilities> {
  let webgpu: Capabilities['webgpu'] = 'none';
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (gpu) {
    try {
      const adapter = await gpu.requestAdapter();
      if (adapter) webgpu = isSoftwareAdapter(adapter) ? 'software' : 'hardware';
    } catch {
      webgpu = 'none';
    }
  }
  let webgl: Capabilities['webgl'] = 'none';
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (gl) {
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      webgl = SOFTWARE.test(renderer) ? 'software' : 'hardware';
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    webgl = 'none';
  }
  return { webgpu, webgl, wasm: typeof WebAssembly === 'object' };
}
