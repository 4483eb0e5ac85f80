// What the batch-size lab island and its worker say to each other (through comlink).
import type { LabDataStatus } from './lab-data';
import type { BatchLabOutcome, BatchResult } from '../lib/training/batch-lab';

export type { BatchLabOutcome, BatchResult };

export interface BatchLabRunOptions {
  /** the site's base URL (the data lives under it) */
  base: string;
  /** training time per batch size */
  seconds: number;
}

/** What the lab reports before it trains (src/workers/lab-data.ts). */
export type BatchLabStatus = LabDataStatus;

export interface BatchLabCallbacks {
  onStatus(status: BatchLabStatus): void;
  onProgress(at: { batchSize: number; index: number; fraction: number }): void;
  /** a pause took hold: no step runs, and the batch size's clock stands still, until resumed */
  onHeld(at: { batchSize: number; index: number; fraction: number }): void;
  onResult(result: BatchResult): void;
}
