/// <reference lib="webworker" />
import { wasmEngine, type HelperStart, type HelperThread, type WasmModules } from '../lib/engines/wasm/engine';
import type { EngineFactory } from '../lib/training/engine';
import plainUrl from '../lib/engines/wasm/build/mlp-simd.wasm?url';
import relaxedUrl from '../lib/engines/wasm/build/mlp-relaxed-simd.wasm?url';
import plainSharedUrl from '../lib/engines/wasm/build/mlp-simd-shared.wasm?url';
import relaxedSharedUrl from '../lib/engines/wasm/build/mlp-relaxed-simd-shared.wasm?url';

/** At most this many threads: the step's products split by columns stop paying beyond it. */
const maxThreads = 4;

let compiled: Promise<WasmModules> | null = null;

/** A build the browser cannot run (relaxed SIMD in an older one) is null, not an error. */
async function compile(url: string, required = false): Promise<WebAssembly.Module | null> {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch (error) {
    if (required) throw error;
    return null;
  }
}

/** Threads where the page is cross-origin isolated (shared memory needs it), one per core up to `maxThreads`. */
export function engineThreads(): number {
  return self.crossOriginIsolated ? Math.max(1, Math.min(navigator.hardwareConcurrency || 1, maxThreads)) : 1;
}

function startHelper(start: HelperStart): HelperThread {
  const worker = new Worker(new URL('./wasm-helper.worker.ts', import.meta.url), { type: 'module' });
  const ready = new Promise<void>((resolve, reject) => {
    worker.addEventListener('message', () => resolve(), { once: true });
    worker.addEventListener('error', (event) => reject(new Error(event.message || 'a helper thread failed to start')), { once: true });
  });
  worker.postMessage(start);
  return { ready, terminate: () => worker.terminate() };
}

/** The fused engine in this worker, with helper workers for the other cores where the page allows. */
export async function browserWasmEngine(): Promise<EngineFactory> {
  const threads = engineThreads();
  compiled ??= (async () => {
    const [plain, relaxed, plainShared, relaxedShared] = await Promise.all([
      compile(plainUrl, threads === 1),
      compile(relaxedUrl),
      threads > 1 ? compile(plainSharedUrl, true) : null,
      threads > 1 ? compile(relaxedSharedUrl) : null,
    ]);
    return { plain: plain ?? plainShared!, relaxed, plainShared, relaxedShared };
  })();
  compiled.catch(() => (compiled = null));
  return wasmEngine({ modules: await compiled, threads, startHelper });
}
