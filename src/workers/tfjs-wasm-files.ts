// TensorFlow.js's WASM binaries, bundled as assets of the site: the URLs are known to the worker before
// tfjs loads (so the binary a run needs can be downloaded beside tfjs), and tfjs is pointed at them.
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const tfjsWasmFiles = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
};

/** The binary tfjs loads with one thread, by whether this browser validates WebAssembly SIMD. */
export const tfjsWasmBinary = (withSimd: boolean) => (withSimd ? simd : plain);
