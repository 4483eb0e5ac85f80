/// <reference lib="webworker" />
import tfjsFiles from 'virtual:tfjs-files';
import { hasWasmSimd, isSoftwareAdapter } from '../browser/capabilities';
import { downloadAll, type DownloadProgress } from '../lib/download';
import { filesToFetch } from '../lib/lazy-files';
import type { EngineFactory, EngineId } from '../lib/training/engine';
import { tfjsWasmBinary } from './tfjs-wasm-files';

/** Files this worker has downloaded ahead: the HTTP cache (or the service worker's) has them. */
const fetched = new Set<string>();

/**
 * TensorFlow.js's scripts and, for its WASM backend, the binary: downloaded here with their bytes
 * reported (2.3 MB uncompressed), then imported, which finds them cached (assets are immutable).
 * An import alone shows the reader nothing for seconds on a slow connection.
 */
async function downloadTfjs(wasmBinary: string | null, onDownload?: DownloadProgress): Promise<void> {
  const files = filesToFetch(tfjsFiles, import.meta.url, wasmBinary ? [wasmBinary] : []).filter((f) => !fetched.has(f.url));
  if (!files.length) return;
  await downloadAll(files, { onProgress: onDownload });
  for (const f of files) fetched.add(f.url);
  // Said even where a server sent other bytes than the build measured: the bar ends here.
  const total = files.reduce((n, f) => n + f.bytes, 0);
  onDownload?.(total, total);
}

/**
 * The training worker's engines, each imported on first use: tfjs and its backends' binaries load
 * only when a run needs them (their download reported to `onDownload`), and the WebAssembly
 * engine's few kilobytes likewise.
 */
export async function loadEngine(id: EngineId, onDownload?: DownloadProgress): Promise<EngineFactory> {
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
      const backend = id.slice('tfjs-'.length) as 'webgpu' | 'webgl' | 'wasm' | 'cpu';
      const withSimd = hasWasmSimd();
      await downloadTfjs(backend === 'wasm' ? tfjsWasmBinary(withSimd) : null, onDownload);
      const { tfjsEngineOn } = await import('./tfjs-backends');
      return tfjsEngineOn(backend, { withSimd });
    }
  }
}
