// The training engines in Node (tests, examples, scripts): the same src/lib engines as the page,
// with their binaries read from disk instead of fetched from the site.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { tfjsEngine } from '../src/lib/engines/tfjs/engine';
import { maxEngineThreads, wasmEngine, type HelperStart, type HelperThread, type WasmModules } from '../src/lib/engines/wasm/engine';
import { engineBuildDir, engineVariants } from '../src/lib/engines/wasm/variants';
import type { EngineFactory, EngineId } from '../src/lib/training/engine';

const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);

/** Engines that run in Node: the fused WebAssembly engine, and tfjs on WASM and on plain JavaScript. */
export const nodeEngineIds = ['wasm', 'tfjs-wasm', 'tfjs-cpu'] as const satisfies readonly EngineId[];

let modules: WasmModules | undefined;

/** The engine's four builds, compiled once (npm run build:engine writes them). */
export function wasmModules(): WasmModules {
  if (!modules) {
    const compiled: Partial<Record<(typeof engineVariants)[number]['key'], WebAssembly.Module | null>> = {};
    for (const v of engineVariants) {
      const file = path.join(engineBuildDir, v.file);
      if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build:engine`);
      const bytes = readFileSync(file);
      compiled[v.key] = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    }
    if (!compiled.plain) throw new Error('this Node cannot run WebAssembly SIMD');
    modules = compiled as WasmModules;
  }
  return modules;
}

/** A helper thread for the WebAssembly engine: a worker_threads worker sharing the engine's memory. */
function startHelper(start: HelperStart): HelperThread {
  const worker = new Worker(
    `const { parentPort, workerData: w } = require('node:worker_threads');
     const mlp = new WebAssembly.Instance(w.module, { env: { memory: w.memory } }).exports;
     mlp.layout(w.base, w.capacity);
     parentPort.postMessage('ready');
     mlp.helperLoop(w.thread, w.generation);`,
    { eval: true, workerData: start },
  );
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return { ready, terminate: () => void worker.terminate() };
}

/**
 * The fused engine on `threads` threads (default: one per core), with relaxed SIMD's fused
 * multiply-add where Node validates it, or (`relaxed: false`) the plain SIMD build a browser without
 * relaxed SIMD runs.
 */
export function nodeWasmEngine(threads = Math.min(availableParallelism(), maxEngineThreads), options: { relaxed?: boolean } = {}): EngineFactory {
  const modules = wasmModules();
  return wasmEngine({ modules: options.relaxed === false ? { ...modules, relaxed: null, relaxedShared: null } : modules, threads, startHelper });
}

export async function loadNodeEngine(id: EngineId): Promise<EngineFactory> {
  switch (id) {
    case 'wasm':
      return nodeWasmEngine();
    case 'tfjs-wasm':
      return tfjsEngine('wasm');
    case 'tfjs-cpu':
      return tfjsEngine('cpu');
    default:
      throw new Error(`the ${id} engine does not run in Node`);
  }
}

/** Switch tfjs itself to its WASM backend (for code that uses tfjs directly, such as the tests' references). */
export async function useTfjsWasm(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
}
