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

/** A module of one function that makes a v128 constant and drops it: it validates only where WebAssembly has SIMD. */
const simdProbe = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
  ...[0x01, 0x04, 0x01, 0x60, 0x00, 0x00], // types: () -> ()
  ...[0x03, 0x02, 0x01, 0x00], // one function of type 0
  ...[0x0a, 0x17, 0x01, 0x15, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x1a, 0x0b], // code: v128.const 0, drop, end
]);

/** Whether this browser's WebAssembly has SIMD (fixed-width, 128 bits). */
export const hasWasmSimd = (): boolean => typeof WebAssembly === 'object' && WebAssembly.validate(simdProbe);

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
