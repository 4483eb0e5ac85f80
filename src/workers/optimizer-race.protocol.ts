// What the optimizer race island and its worker say to each other (through comlink).
import type { EngineDiagnostics, EngineId } from '../lib/training/engine';
import type { RaceBatch, RaceEpoch, Racer } from '../lib/training/race';

export type { RaceBatch, RaceEpoch, Racer };

export interface RaceRunOptions {
  /** the site's base URL (the data lives under it) */
  base: string;
  epochs: number;
  racers: Racer[];
}

export type RaceStatus =
  | { kind: 'loading-data' }
  /** compressed bytes of the data fetched so far, of the sizes the server gave */
  | { kind: 'data-progress'; loaded: number; total: number }
  /** the engine is up: the race starts on it */
  | { kind: 'engine'; engine: EngineId; diagnostics: EngineDiagnostics };

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
