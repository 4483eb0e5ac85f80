/**
 * The WebAssembly engine's dropout mask, computed again for the reference (assembly/mlp.ts, dropRows):
 * unit n of row m in layer l (0: the first hidden layer, 1: the second) is kept at the step whose
 * count is `seed` when its hash is at least p · 2³².
 */
function mix32(v: number): number {
  let x = v >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** The mask of one layer for `rows` rows of `units` units: 1 kept, 0 dropped, row-major. */
export function dropoutMask(seed: number, layer: number, rows: number, units: number, p: number): Float32Array {
  const threshold = Math.trunc(Math.fround(p) * 4294967296);
  const mixed = mix32(seed);
  const mask = new Float32Array(rows * units);
  for (let m = 0; m < rows; m++) {
    for (let n = 0; n < units; n++) mask[m * units + n] = mix32((mixed ^ (((layer * 1024 + m) << 8) | n)) >>> 0) >= threshold ? 1 : 0;
  }
  return mask;
}
