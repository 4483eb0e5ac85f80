/// <reference lib="webworker" />
// TensorFlow.js with its WebGPU and WASM backends registered (WebGL and CPU come with tfjs): the
// chunk the training worker imports for a tfjs engine, after downloading it (engines.ts).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tfjsEngine, type TfBackend } from '../lib/engines/tfjs/engine';
import type { EngineFactory } from '../lib/training/engine';
import { tfjsWasmFiles } from './tfjs-wasm-files';

// One thread: tfjs's threaded build starts its threads from a Blob of its glue code, which the
// bundler breaks ("e is not defined"). Patched to load the package's own glue file instead, it ran,
// but two threads trained no faster than one on two cores (7,220 against 8,035 samples/s), so the
// patch was not kept.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths(tfjsWasmFiles);

/**
 * The tfjs engine on `backend`. `withSimd` is the worker's own finding, given to tfjs so that tfjs
 * loads the binary the worker downloaded ahead (tfjsWasmBinary), not one it chose by its own test.
 */
export function tfjsEngineOn(backend: TfBackend, { withSimd }: { withSimd: boolean }): EngineFactory {
  tf.env().set('WASM_HAS_SIMD_SUPPORT', withSimd);
  return tfjsEngine(backend);
}
