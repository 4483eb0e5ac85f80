// What the overfitting lab island and its worker say to each other (through comlink).
import type { LabDataStatus } from './lab-data';
import type { LabEpoch, OverfitLabOutcome, Regularization } from '../lib/training/overfit-lab';

export type { LabEpoch, OverfitLabOutcome, Regularization };

export interface OverfitRunOptions {
  /** the site's base URL (the data lives under it) */
  base: string;
  trainCount: number;
  epochs: number;
  regularization: Regularization;
}

/** What the lab reports before it trains (src/workers/lab-data.ts). */
export type OverfitStatus = LabDataStatus;

export interface OverfitCallbacks {
  onStatus(status: OverfitStatus): void;
  /** a pause took hold: no step runs until resumed */
  onHeld(at: { epoch: number; step: number; stepsPerEpoch: number }): void;
  onEpoch(epoch: LabEpoch): void;
}
