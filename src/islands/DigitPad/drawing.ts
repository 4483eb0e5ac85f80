import { toMnistInput } from '../../lib/mnist/preprocess';

/** Canvas resolution; CSS scales it to the column. */
export const padSize = 280;
/** Stroke width: a digit drawn about 200 px tall becomes a 2–3 px stroke at MNIST's 20 px scale. */
const brush = 22;

export interface Point {
  x: number;
  y: number;
}

/** Where a pointer event falls, in canvas pixels. */
export function canvasPoint(canvas: HTMLCanvasElement, e: PointerEvent): Point {
  const box = canvas.getBoundingClientRect();
  return { x: ((e.clientX - box.left) / box.width) * padSize, y: ((e.clientY - box.top) / box.height) * padSize };
}

const ink = (canvas: HTMLCanvasElement) => {
  const ctx = canvas.getContext('2d')!;
  ctx.strokeStyle = ctx.fillStyle = getComputedStyle(canvas).color;
  return ctx;
};

/** A round dot where the pen touches down: a tap with no movement still leaves a mark (a zero-length line draws nothing). */
export function dot(canvas: HTMLCanvasElement, at: Point): void {
  const ctx = ink(canvas);
  ctx.beginPath();
  ctx.arc(at.x, at.y, brush / 2, 0, 2 * Math.PI);
  ctx.fill();
}

export function stroke(canvas: HTMLCanvasElement, from: Point, to: Point): void {
  const ctx = ink(canvas);
  ctx.lineWidth = brush;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x, to.y);
  ctx.stroke();
}

/** The drawing as the model's input (float32 [784], ink = 1), also drawn into `preview`; null when nothing is drawn. */
export function readDrawing(canvas: HTMLCanvasElement, preview: HTMLCanvasElement): Float32Array | null {
  const rgba = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, padSize, padSize).data;
  const alpha = new Float32Array(padSize * padSize);
  for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[i * 4 + 3]! / 255;
  const input = toMnistInput(alpha, padSize, padSize);
  const view = preview.getContext('2d')!;
  const img = view.createImageData(28, 28);
  for (let p = 0; p < 784; p++) {
    const v = Math.round(255 * (1 - (input?.[p] ?? 0)));
    img.data.set([v, v, v, 255], p * 4);
  }
  view.putImageData(img, 0, 0);
  return input;
}

/** Repaint what is drawn in the pen's current colour (after a theme change), keeping every pixel's alpha: the model reads only that. */
export function recolor(canvas: HTMLCanvasElement): void {
  const ctx = ink(canvas);
  ctx.save();
  ctx.globalCompositeOperation = 'source-in';
  ctx.fillRect(0, 0, padSize, padSize);
  ctx.restore();
}

/** Draw an MNIST digit (784 bytes, 255 = ink) over the whole pad in the pen's colour. */
export function drawDigitImage(canvas: HTMLCanvasElement, pixels: Uint8Array): void {
  const digit = new OffscreenCanvas(28, 28);
  const img = new ImageData(28, 28);
  const color = getComputedStyle(canvas).color.match(/\d+/g)!.map(Number);
  for (let p = 0; p < 784; p++) img.data.set([color[0]!, color[1]!, color[2]!, pixels[p]!], p * 4);
  digit.getContext('2d')!.putImageData(img, 0, 0);
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, padSize, padSize);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(digit, 0, 0, 28, 28, 0, 0, padSize, padSize);
}
