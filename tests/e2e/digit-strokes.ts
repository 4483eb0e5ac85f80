import type { Locator, Page } from '@playwright/test';

/** Strokes of hand-written digits in canvas fractions (0–1, y down), as a person would draw them. */
export const digitStrokes: Record<number, [number, number][][]> = {
  0: [Array.from({ length: 33 }, (_, i) => [0.5 + 0.2 * Math.sin((i / 32) * 2 * Math.PI), 0.5 - 0.32 * Math.cos((i / 32) * 2 * Math.PI)] as [number, number])],
  1: [[[0.52, 0.14], [0.5, 0.5], [0.48, 0.86]]],
  2: [[[0.3, 0.3], [0.36, 0.2], [0.5, 0.15], [0.64, 0.19], [0.7, 0.3], [0.67, 0.42], [0.55, 0.56], [0.3, 0.82], [0.74, 0.82]]],
  3: [[[0.3, 0.2], [0.5, 0.14], [0.67, 0.21], [0.69, 0.33], [0.6, 0.44], [0.45, 0.48], [0.62, 0.52], [0.72, 0.64], [0.69, 0.77], [0.52, 0.85], [0.3, 0.8]]],
  4: [
    [[0.36, 0.14], [0.29, 0.56], [0.74, 0.56]],
    [[0.63, 0.2], [0.63, 0.88]],
  ],
  7: [[[0.27, 0.18], [0.73, 0.18], [0.6, 0.45], [0.45, 0.86]]],
};

/** Draw a digit with the mouse, moving in small steps along each stroke like a hand would. */
export async function drawDigit(page: Page, canvas: Locator, digit: number): Promise<void> {
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  for (const stroke of digitStrokes[digit]!) {
    await page.mouse.move(...at(stroke[0]!));
    await page.mouse.down();
    for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 8 });
    await page.mouse.up();
  }
}
