/**
 * Turn a drawing into an MNIST-style input the way the data set was made: crop to the ink, scale
 * the longer side to 20 pixels keeping the aspect ratio (area averaging, which gives the soft
 * anti-aliased edges MNIST digits have), and place the result in a 28×28 frame so that its centre
 * of mass sits at the centre.
 */

/** Pixels at or below this much ink count as background when finding the digit's extent. */
const inkThreshold = 0.05;
const box = 20;
const frame = 28;

/**
 * ink: float32 [height, width] row-major, 0 = background, 1 = full ink (a canvas's alpha / 255).
 * Returns float32 [784]: 28×28 row-major in [0, 1], or null when there is no ink to read.
 */
export function toMnistInput(ink: Float32Array, width: number, height: number): Float32Array | null {
  if (ink.length !== width * height) throw new Error(`expected ${width * height} pixels, got ${ink.length}`);
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > inkThreshold) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  if (right < 0) return null;
  const w = right - left + 1;
  const h = bottom - top + 1;
  const scale = box / Math.max(w, h);
  const outW = Math.max(1, Math.round(w * scale));
  const outH = Math.max(1, Math.round(h * scale));

  // Separable area averaging: first along rows, then along columns.
  const rows = new Float32Array(h * outW);
  for (let y = 0; y < h; y++) resample1d(ink, (top + y) * width + left, 1, w, rows, y * outW, 1, outW);
  const small = new Float32Array(outH * outW);
  for (let x = 0; x < outW; x++) resample1d(rows, x, outW, h, small, x, outW, outH);

  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const v = small[y * outW + x]!;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  // Keep the whole box inside the frame even when the centre of mass is far off-centre.
  const offsetX = clamp(Math.round(frame / 2 - mx / mass), 0, frame - outW);
  const offsetY = clamp(Math.round(frame / 2 - my / mass), 0, frame - outH);
  const out = new Float32Array(frame * frame);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) out[(y + offsetY) * frame + x + offsetX] = Math.min(1, small[y * outW + x]!);
  }
  return out;
}

/**
 * Resample n values (src[start + i·stride]) to m values by averaging the source over each output
 * cell's footprint, counting partial overlaps by their fraction.
 */
function resample1d(src: Float32Array, start: number, stride: number, n: number, dst: Float32Array, dstStart: number, dstStride: number, m: number): void {
  const step = n / m;
  for (let i = 0; i < m; i++) {
    const a = i * step;
    const b = a + step;
    let sum = 0;
    for (let k = Math.floor(a); k < Math.min(n, Math.ceil(b)); k++) {
      const overlap = Math.min(b, k + 1) - Math.max(a, k);
      if (overlap > 0) sum += src[start + k * stride]! * overlap;
    }
    dst[dstStart + i * dstStride] = sum / step;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
