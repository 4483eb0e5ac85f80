import { signal } from '@preact/signals';

/** A model the reader trained on this page, exported to ONNX by the trainer. */
export interface PageModel {
  bytes: Uint8Array;
  testAccuracy: number;
  epochs: number;
}

/**
 * The hand-over from the MNIST trainer to the draw-a-digit demo on the same page: islands are
 * separate Preact roots but share this module, so a signal is enough.
 */
export const pageModel = signal<PageModel | null>(null);
