// What the optimizer race island and its worker say to each other (through comlink).
import type { EngineId } from '../lib/training/engine';
import type { LabDataStatus } from './lab-data';
import type { RaceBatch, RaceEpoch, Racer } from '../lib/training/race';

export type { RaceBatch, RaceEpoch, Racer };

export interface RaceRunOptions {
  /** the site's base URL (the data lives under it) */
  base: string;
  epochs: number;
  racers: Racer[];
}

/** What the lab reports before it trains (src/workers/lab-data.ts). */
export type RaceStatus = LabDataStatus;

export interface RaceCallbacks {
  onStatus(status: RaceStatus): void;
  onBatch(progress: RaceBatch): void;
  /** a pause took hold: no step runs until resumed */
  onHeld(at: { epoch: number; step: number; stepsPerEpoch: number }): void;
  onEpoch(result: RaceEpoch): void;
}

export interface RaceResult {
  history: RaceEpoch[];
  stopped: boolean;
  engine: EngineId;
}
