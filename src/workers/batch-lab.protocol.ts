// What the batch-size lab island and its worker say to each other (through comlink).
import type { EngineDiagnostics, EngineId } from '../lib/training/engine';
import type { BatchLabOutcome, BatchResult } from '../lib/training/batch-lab';

export type { BatchLabOutcome, BatchResult };

export interface BatchLabRunOptions {
  /** the site's base URL (the data lives under it) */
  base: string;
  /** training time per batch size */
  seconds: number;
}

export type BatchLabStatus =
  | { kind: 'loading-data' }
  /** compressed bytes of the data fetched so far, of the sizes the server gave */
  | { kind: 'data-progress'; loaded: number; total: number }
  | { kind: 'engine'; engine: EngineId; diagnostics: EngineDiagnostics };

export interface BatchLabCallbacks {
  onStatus(status: BatchLabStatus): void;
  onProgress(at: { batchSize: number; index: number; fraction: number }): void;
  onResult(result: BatchResult): void;
}
