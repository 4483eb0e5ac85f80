import * as ort from 'onnxruntime-web';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstOf } from '../../src/lib/mnist/idx';
import { toMnistInput } from '../../src/lib/mnist/preprocess';
import { mulberry32 } from '../../src/lib/nn/prng';
import { argmaxRows, createClassifier } from '../../src/lib/onnx/classifier';
import { readMnist } from '../../scripts/mnist-source';

const canvas = 280;

/** A canvas with a filled rectangle of ink (1) at the given place. */
function rectangle(x: number, y: number, w: number, h: number): Float32Array {
  const ink = new Float32Array(canvas * canvas);
  for (let r = y; r < y + h; r++) ink.fill(1, r * canvas + x, r * canvas + x + w);
  return ink;
}

/**
 * An MNIST digit as a reader might draw it on a 280×280 canvas: its ink box scaled up `scale`
 * times (bilinear), placed with its top-left corner at (x, y), and its strokes made thicker
 * (radius > 0, a max filter) or thinner (radius < 0, a min filter).
 */
function drawLikeAReader(pixels: Uint8Array, scale: number, x: number, y: number, radius: number): Float32Array {
  let [left, top, right, bottom] = [28, 28, -1, -1];
  for (let p = 0; p < 784; p++) {
    if (pixels[p]! > 0) {
      [left, right] = [Math.min(left, p % 28), Math.max(right, p % 28)];
      [top, bottom] = [Math.min(top, Math.floor(p / 28)), Math.max(bottom, Math.floor(p / 28))];
    }
  }
  const at = (c: number, r: number) => (c < 0 || r < 0 || c > 27 || r > 27 ? 0 : pixels[r * 28 + c]! / 255);
  let ink = new Float32Array(canvas * canvas);
  const w = Math.round((right - left + 1) * scale);
  const h = Math.round((bottom - top + 1) * scale);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const sx = left + (c + 0.5) / scale - 0.5;
      const sy = top + (r + 0.5) / scale - 0.5;
      const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
      const [fx, fy] = [sx - x0, sy - y0];
      const v = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
      if (x + c < canvas && y + r < canvas) ink[(y + r) * canvas + x + c] = v;
    }
  }
  const k = Math.abs(radius);
  const pick = radius > 0 ? Math.max : Math.min;
  for (const horizontal of [true, false]) {
    const out = new Float32Array(ink.length);
    for (let r = 0; r < canvas; r++) {
      for (let c = 0; c < canvas; c++) {
        let v = ink[r * canvas + c]!;
        for (let d = -k; d <= k; d++) {
          const [cc, rr] = horizontal ? [c + d, r] : [c, r + d];
          v = pick(v, cc < 0 || rr < 0 || cc >= canvas || rr >= canvas ? 0 : ink[rr * canvas + cc]!);
        }
        out[r * canvas + c] = v;
      }
    }
    ink = out;
  }
  return ink;
}

describe('toMnistInput', () => {
  it('returns null for an empty canvas, and for faint specks below the ink threshold', () => {
    expect(toMnistInput(new Float32Array(canvas * canvas), canvas, canvas)).toBeNull();
    expect(toMnistInput(new Float32Array(canvas * canvas).fill(0.02), canvas, canvas)).toBeNull();
  });

  it('scales the longer side to 20 px, keeps the aspect ratio and centres the mass at (14, 14)', () => {
    // A tall bar, 40×160, near a corner: becomes 5×20 in the middle of the frame.
    const out = toMnistInput(rectangle(10, 100, 40, 160), canvas, canvas)!;
    const rows = Array.from({ length: 28 }, (_, r) => out.subarray(r * 28, r * 28 + 28));
    const inkRows = rows.map((row, r) => (row.some((v) => v > 0) ? r : -1)).filter((r) => r >= 0);
    const inkCols = Array.from({ length: 28 }, (_, c) => c).filter((c) => rows.some((row) => row[c]! > 0));
    expect(inkRows).toHaveLength(20);
    expect(inkCols).toHaveLength(5);
    let [mass, mx, my] = [0, 0, 0];
    out.forEach((v, p) => {
      mass += v;
      mx += v * ((p % 28) + 0.5);
      my += v * (Math.floor(p / 28) + 0.5);
    });
    expect(Math.abs(mx / mass - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(my / mass - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
  });

  it('averages areas, so thin strokes become faint anti-aliased ones instead of vanishing or going solid', () => {
    // Two 2-px lines 240 px apart: the box is 240 wide, so everything shrinks 12 times.
    const second = rectangle(258, 20, 2, 240);
    const ink = rectangle(20, 20, 2, 240).map((v, i) => Math.max(v, second[i]!));
    const out = toMnistInput(ink, canvas, canvas)!;
    const total = out.reduce((s, v) => s + v, 0);
    // 2 lines × 2×240 px of ink, each pixel worth (1/12)² after scaling.
    expect(total).toBeCloseTo((2 * 2 * 240) / 144, 1);
    expect(Math.max(...out)).toBeLessThan(0.5);
    expect(Math.max(...out)).toBeGreaterThan(0.1);
  });

  it('refuses pixels that do not match the size given', () => {
    expect(() => toMnistInput(new Float32Array(10), 4, 4)).toThrow(/expected 16 pixels/);
  });

  it('200 test digits drawn at another place, size and stroke width are still recognised (≥ 95%) by the shipped model', async () => {
    const test = firstOf(readMnist('test'), 200);
    const rand = mulberry32(2024);
    const inputs = new Float32Array(200 * 784);
    for (let i = 0; i < 200; i++) {
      const scale = 5 + rand() * 6;
      const room = canvas - Math.ceil(20 * scale);
      const radius = Math.round(rand() * 4) - 1;
      const ink = drawLikeAReader(test.images.subarray(i * 784, (i + 1) * 784), scale, Math.floor(rand() * room), Math.floor(rand() * room), radius);
      inputs.set(toMnistInput(ink, canvas, canvas)!, i * 784);
    }
    const classifier = await createClassifier(ort, readFileSync('public/models/mnist-mlp.onnx'));
    const predicted = argmaxRows(await classifier.classify(inputs, 200), 200);
    await classifier.release();
    const right = predicted.filter((p, i) => p === test.labels[i]).length;
    expect(right / 200).toBeGreaterThanOrEqual(0.95);
  });
});
