/// <reference lib="webworker" />
// Registers TensorFlow.js's WebGPU and WASM backends in the worker (WebGL and CPU come with tfjs).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

// The WASM binaries are bundled as assets of the site and fetched only when a run uses the backend.
// One thread: tfjs's threaded build starts its threads from a Blob of its glue code, which the
// bundler breaks ("e is not defined"). Patched to load the package's own glue file instead, it ran,
// but two threads trained no faster than one on two cores (7,220 against 8,035 samples/s), so the
// patch was not kept.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
