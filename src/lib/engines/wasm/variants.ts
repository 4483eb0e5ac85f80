/** Where scripts/build-wasm-engine.ts writes the engine's binaries (generated, not committed). */
export const engineBuildDir = 'src/lib/engines/wasm/build';

/** The four builds of the engine: relaxed SIMD or not, shared memory (threads) or not. */
export const engineVariants = [
  { key: 'plain', file: 'mlp-simd.wasm', relaxed: false, shared: false },
  { key: 'relaxed', file: 'mlp-relaxed-simd.wasm', relaxed: true, shared: false },
  { key: 'plainShared', file: 'mlp-simd-shared.wasm', relaxed: false, shared: true },
  { key: 'relaxedShared', file: 'mlp-relaxed-simd-shared.wasm', relaxed: true, shared: true },
] as const;
