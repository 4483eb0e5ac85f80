// Drawing for the look inside the network: the first layer's weights as 28×28 tiles, a digit, and a
// layer's activations as a grid. Colours: a diverging blue–white–red for weights (negative blue), a
// white-to-orange ramp for activations; the same in both themes (they are pictures of numbers).

const tile = 28;
const gap = 2;

function diverging(v: number): [number, number, number] {
  // v in [−1, 1]: −1 blue (33, 102, 172), 0 near-white (247, 247, 247), 1 red (178, 24, 43).
  const t = Math.max(-1, Math.min(1, v));
  const [from, to] = t < 0 ? [[247, 247, 247], [33, 102, 172]] : [[247, 247, 247], [178, 24, 43]];
  const a = Math.abs(t);
  return [0, 1, 2].map((i) => Math.round(from[i]! + (to[i]! - from[i]!) * a)) as [number, number, number];
}

/**
 * The first layer's units as a grid of 28×28 tiles, in `order`, each scaled by its own largest |w|;
 * `marked` units get an outline in `markColor`. W1: float32 [784, 256] row-major.
 */
export function drawUnitGrid(canvas: HTMLCanvasElement, W1: Float32Array, order: readonly number[], marked: ReadonlySet<number>, markColor: string): void {
  const units = 256;
  const perRow = 16;
  const size = perRow * (tile + gap) + gap;
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d')!;
  ctx.clearRect(0, 0, size, size);
  const image = ctx.createImageData(tile, tile);
  order.forEach((unit, slot) => {
    let max = 1e-12;
    for (let k = 0; k < 784; k++) max = Math.max(max, Math.abs(W1[k * units + unit]!));
    for (let k = 0; k < 784; k++) {
      const [r, g, b] = diverging(W1[k * units + unit]! / max);
      image.data.set([r, g, b, 255], k * 4);
    }
    const x = gap + (slot % perRow) * (tile + gap);
    const y = gap + Math.floor(slot / perRow) * (tile + gap);
    ctx.putImageData(image, x, y);
    if (marked.has(unit)) {
      ctx.strokeStyle = markColor;
      ctx.lineWidth = 2;
      ctx.strokeRect(x - 1, y - 1, tile + 2, tile + 2);
    }
  });
}

/** The tile (in the grid's order) under a point of the canvas's own pixels, or null between tiles. */
export function slotAt(x: number, y: number): number | null {
  const col = Math.floor((x - gap) / (tile + gap));
  const row = Math.floor((y - gap) / (tile + gap));
  if (col < 0 || col > 15 || row < 0 || row > 15) return null;
  return row * 16 + col;
}

/** Where tile `slot` lies in the grid, as percentages of the grid's side (for an outline drawn over it). */
export function slotBox(slot: number): { left: number; top: number; size: number } {
  const side = 16 * (tile + gap) + gap;
  const at = (i: number) => (100 * (gap + i * (tile + gap) - 1)) / side;
  return { left: at(slot % 16), top: at(Math.floor(slot / 16)), size: (100 * (tile + 2)) / side };
}

/** A digit, uint8 [784] (255 ink), in grey. */
export function drawDigit(canvas: HTMLCanvasElement, pixels: Uint8Array): void {
  canvas.width = tile;
  canvas.height = tile;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(tile, tile);
  for (let k = 0; k < 784; k++) {
    const v = 255 - pixels[k]!;
    image.data.set([v, v, v, 255], k * 4);
  }
  ctx.putImageData(image, 0, 0);
}

/** A layer's activations as `cols` columns of cells, white (0) to orange (the layer's largest); `marked` cells outlined. */
export function drawActivations(canvas: HTMLCanvasElement, values: Float32Array, cols: number, marked: ReadonlySet<number>, markColor: string): void {
  const cell = 12;
  const rows = Math.ceil(values.length / cols);
  canvas.width = cols * cell;
  canvas.height = rows * cell;
  const ctx = canvas.getContext('2d')!;
  const max = Math.max(1e-12, ...values);
  values.forEach((v, i) => {
    const a = v / max;
    ctx.fillStyle = `rgb(${Math.round(255 - 22 * a)}, ${Math.round(255 - 135 * a)}, ${Math.round(255 - 230 * a)})`;
    const x = (i % cols) * cell;
    const y = Math.floor(i / cols) * cell;
    ctx.fillRect(x, y, cell - 1, cell - 1);
    if (marked.has(i)) {
      ctx.strokeStyle = markColor;
      ctx.lineWidth = 2;
      ctx.strokeRect(x + 1, y + 1, cell - 3, cell - 3);
    }
  });
}
