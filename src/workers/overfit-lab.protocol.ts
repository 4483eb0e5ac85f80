// What the overfitting lab island and its worker say to each other (through comlink).
import type { EngineDiagnostics, EngineId } from '../lib/training/engine';
import type { LabEpoch, OverfitLabOutcome, Regularization } from '../lib/training/overfit-lab';

export type { LabEpoch, OverfitLabOutcome, Regularization };

export interface OverfitRunOptions {
  /** the site's base URL (the data lives under it) */
  base: string;
  trainCount: number;
  epochs: number;
  regularization: Regularization;
}

export type OverfitStatus =
  | { kind: 'loading-data' }
  | { kind: 'data-progress'; loaded: number; total: number }
  | { kind: 'engine'; engine: EngineId; diagnostics: EngineDiagnostics };

export interface OverfitCallbacks {
  onStatus(status: OverfitStatus): void;
  onEpoch(epoch: LabEpoch): void;
}
