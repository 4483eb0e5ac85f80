/**
 * The onnxruntime-web files the site hosts under `ort/` (copied by scripts/build-ort-assets.ts):
 * per execution provider, the module the page imports and the WebAssembly glue and binary it loads.
 */
export const ortFiles = {
  wasm: { module: 'ort.wasm.min.mjs', glue: 'ort-wasm-simd-threaded.mjs', binary: 'ort-wasm-simd-threaded.wasm' },
  webgpu: { module: 'ort.webgpu.min.mjs', glue: 'ort-wasm-simd-threaded.asyncify.mjs', binary: 'ort-wasm-simd-threaded.asyncify.wasm' },
} as const;
