// What the MNIST trainer island and its worker say to each other (through comlink).
import type { ChoiceReason } from '../lib/backend/choose';
import type { EngineDiagnostics, EngineId } from '../lib/training/engine';
import type { EngineTiming } from '../lib/training/measure';
import type { BatchProgress, EpochResult } from '../lib/training/run';

export type { BatchProgress, EngineTiming, EpochResult };

export interface MnistRunOptions {
  /** the site's base URL (the data lives under it) */
  base: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  trainCount: number;
  seed: number;
  /** the reader's choice of engine; the others stay as fallbacks */
  override?: EngineId;
}

export type MnistStatus =
  | { kind: 'loading-data' }
  /** compressed bytes of the data fetched so far, of the sizes the server gave */
  | { kind: 'data-progress'; loaded: number; total: number }
  /** compressed bytes fetched: 0 when the data was already loaded by an earlier run */
  | { kind: 'data-ready'; downloaded: number }
  /** TensorFlow.js (and its WASM binary) downloading for an engine: bytes so far, of the files' sizes as built; the last report has loaded = total */
  | { kind: 'engine-download'; loaded: number; total: number }
  /** the candidate engines are being timed on a few steps of this run's batches */
  | { kind: 'measuring' }
  /** training starts (or goes on) on an engine; after a fallback the reason is the failed engine */
  | { kind: 'engine'; engine: EngineId; reason: ChoiceReason | { fallbackFrom: EngineId }; timings?: EngineTiming[] };

export interface MnistCallbacks {
  onStatus(status: MnistStatus): void;
  onFallback(info: { from: EngineId; to: EngineId; message: string; epochsKept: number }): void;
  onBatch(progress: BatchProgress): void;
  /** a pause took hold: no step runs until resumed */
  onHeld(at: { epoch: number; step: number; stepsPerEpoch: number }): void;
  onEpoch(result: EpochResult): void;
}

export interface MnistOutcome {
  history: EpochResult[];
  stopped: boolean;
  /** predicted class of every test digit */
  predictions: Uint8Array;
  labels: Uint8Array;
  /** the first test digits' pixels, for the picture of predictions (count × 784) */
  sampleImages: Uint8Array;
  confusion: number[][];
  testAccuracy: number;
  diagnostics: EngineDiagnostics;
}

/** A download of "Compare backends": bytes so far of the data or of TensorFlow.js, of the files' sizes */
export interface CompareDownload {
  of: 'data' | 'tfjs';
  loaded: number;
  total: number;
}

export interface MnistComparison {
  rows: EngineTiming[];
  /** true when the reader stopped it; `rows` holds the engines measured until then */
  stopped: boolean;
}

/** How many digits of the test set the picture of predictions shows. */
export const sampleCount = 24;
