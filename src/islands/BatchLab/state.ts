import { labBatchSizes } from '../../lib/training/batch-lab';
import type { Download } from '../shared/DownloadProgress';
import { failedRun } from '../shared/failed-run';
import type { EngineDiagnostics, EngineId } from '../../lib/training/engine';
import type { BatchLabOutcome, BatchLabStatus, BatchResult } from '../../workers/batch-lab.protocol';

export type Phase = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'failed';

/** A status line as data: the key of a `batch.*` string and its values; the view words it. */
export interface Message {
  key: 'idle' | 'starting' | 'loading-data' | 'running' | 'pausing' | 'paused' | 'stopping' | 'stopped' | 'finished' | 'failed' | 'crashed' | 'size-done';
  values?: Record<string, string | number>;
}

export interface LabState {
  phase: Phase;
  status: Message;
  /** what a screen reader hears: status changes and one line per batch size */
  announcement: Message | null;
  /** seconds per batch size of the run under way or last run */
  seconds: number | null;
  engine: { id: EngineId; diagnostics: EngineDiagnostics } | null;
  /** the data's download: under way (compressed bytes so far, of the sizes the server gave), or failed (the page offers Try again) */
  download: Download | null;
  /** batch sizes done, plus the fraction of the one under way */
  progress: number;
  current: number | null;
  /** the status line a resume brings back */
  resumeStatus: Message | null;
  stopping: boolean;
  results: BatchResult[];
}

export type LabEvent =
  | { type: 'start'; seconds: number }
  | { type: 'status'; status: BatchLabStatus }
  | { type: 'progress'; at: { batchSize: number; index: number; fraction: number } }
  | { type: 'result'; result: BatchResult }
  | { type: 'pause' }
  | { type: 'held'; at: { batchSize: number; index: number; fraction: number } }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'finished'; outcome: BatchLabOutcome }
  | { type: 'failed'; message: string }
  | { type: 'crashed'; message: string };

export const initialState: LabState = {
  phase: 'idle',
  status: { key: 'idle' },
  announcement: null,
  seconds: null,
  engine: null,
  download: null,
  progress: 0,
  current: null,
  resumeStatus: null,
  stopping: false,
  results: [],
};

export const isRunning = (s: LabState) => s.phase === 'starting' || s.phase === 'running' || s.phase === 'paused';

const say = (state: LabState, status: Message): LabState => ({ ...state, status, announcement: status });

/** The batch size with the best test accuracy so far (the table marks it; the final line names it). */
export function bestResult(results: readonly BatchResult[]): BatchResult | null {
  return results.reduce<BatchResult | null>((best, r) => (!best || r.testAccuracy > best.testAccuracy ? r : best), null);
}

const pct = (v: number) => (100 * v).toFixed(2);

/** The lab island's state machine: every change of what the page shows goes through here. */
export function reduce(state: LabState, event: LabEvent): LabState {
  switch (event.type) {
    case 'start':
      return isRunning(state) ? state : say({ ...initialState, phase: 'starting', seconds: event.seconds }, { key: 'starting' });
    case 'status': {
      if (!isRunning(state)) return state;
      const s = event.status;
      if (s.kind === 'loading-data') return say(state, { key: 'loading-data' });
      if (s.kind === 'data-progress') return { ...state, download: { kind: 'running', loaded: s.loaded, total: s.total } };
      return { ...state, download: null, phase: state.phase === 'paused' ? 'paused' : 'running', engine: { id: s.engine, diagnostics: s.diagnostics } };
    }
    case 'progress': {
      if (!isRunning(state)) return state;
      const { batchSize, index, fraction } = event.at;
      const next = { ...state, progress: index + fraction, current: batchSize };
      // A report sent before the pause took hold moves the bar, not the status line.
      if (state.phase === 'paused' || state.stopping) return next;
      return { ...next, phase: 'running', status: { key: 'running', values: { batch: batchSize, index: index + 1, count: labBatchSizes.length } } };
    }
    case 'result': {
      if (!isRunning(state)) return state;
      const r = event.result;
      const results = [...state.results, r];
      return { ...state, results, progress: results.length, announcement: { key: 'size-done', values: { batch: r.batchSize, accuracy: pct(r.testAccuracy) } } };
    }
    case 'pause':
      return state.phase === 'running' && !state.stopping ? say({ ...state, phase: 'paused', resumeStatus: state.status }, { key: 'pausing' }) : state;
    case 'held': {
      if (state.phase !== 'paused') return state;
      const { batchSize, index, fraction } = event.at;
      return say({ ...state, progress: index + fraction, current: batchSize }, { key: 'paused', values: { batch: batchSize, index: index + 1, count: labBatchSizes.length } });
    }
    case 'resume':
      return state.phase === 'paused' ? say({ ...state, phase: 'running', resumeStatus: null }, state.resumeStatus ?? { key: 'starting' }) : state;
    case 'stop':
      return isRunning(state) && !state.stopping ? say({ ...state, phase: 'running', stopping: true }, { key: 'stopping' }) : state;
    case 'finished': {
      const { results, stopped } = event.outcome;
      const best = bestResult(results);
      const after: LabState = { ...state, results, stopping: false, current: null, phase: stopped ? 'stopped' : 'done', progress: results.length };
      if (stopped) return say(after, { key: 'stopped', values: { count: results.length } });
      return say(after, { key: 'finished', values: { batch: best?.batchSize ?? 0, accuracy: best ? pct(best.testAccuracy) : '–' } });
    }
    case 'failed':
      return failedRun(state, { ...state, phase: 'failed', stopping: false, download: null }, { key: 'failed', values: { message: event.message } }, event.message);
    case 'crashed':
      return say({ ...state, phase: 'failed', stopping: false, download: null }, { key: 'crashed', values: { message: event.message } });
  }
}
