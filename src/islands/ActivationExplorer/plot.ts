/** Drawing helpers for the explorer's SVG panels: pure functions from data to SVG coordinates. */

export interface Frame {
  width: number;
  height: number;
  pad: number;
  x: [number, number];
  y: [number, number];
}

export const toSvgX = (f: Frame, x: number) => f.pad + ((x - f.x[0]) / (f.x[1] - f.x[0])) * (f.width - 2 * f.pad);
export const toSvgY = (f: Frame, y: number) => f.height - f.pad - ((y - f.y[0]) / (f.y[1] - f.y[0])) * (f.height - 2 * f.pad);
export const fromSvgX = (f: Frame, px: number) => f.x[0] + ((px - f.pad) / (f.width - 2 * f.pad)) * (f.x[1] - f.x[0]);

/** An SVG path through the points (xs[i], ys[i]). */
export function linePath(f: Frame, xs: number[], ys: number[]): string {
  return xs.map((x, i) => `${i ? 'L' : 'M'}${toSvgX(f, x).toFixed(2)},${toSvgY(f, ys[i]!).toFixed(2)}`).join('');
}

/** A y-range holding every value, padded by 8% so curves don't touch the frame. */
export function yRange(...series: number[][]): [number, number] {
  const all = series.flat();
  const lo = Math.min(...all, 0);
  let hi = Math.max(...all, 0);
  if (hi - lo < 1e-9) hi = lo + 1;
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}
