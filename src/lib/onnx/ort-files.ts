/**
 * onnxruntime-web's version (a unit test checks it against the installed package). The site hosts
 * ORT's files under `ort/<version>/`: a path never serves two versions, so they can be cached for
 * good (src/config/security.ts).
 */
export const ortVersion = '1.30.0';

/** Where ORT's files live, relative to the site's base. */
export const ortDir = `ort/${ortVersion}/`;

/**
 * The onnxruntime-web files the site hosts under {@link ortDir} (copied by scripts/build-ort-assets.ts):
 * per execution provider, the module the page imports and the WebAssembly glue and binary it loads.
 */
export const ortFiles = {
  wasm: { module: 'ort.wasm.min.mjs', glue: 'ort-wasm-simd-threaded.mjs', binary: 'ort-wasm-simd-threaded.wasm' },
  webgpu: { module: 'ort.webgpu.min.mjs', glue: 'ort-wasm-simd-threaded.asyncify.mjs', binary: 'ort-wasm-simd-threaded.asyncify.wasm' },
} as const;
