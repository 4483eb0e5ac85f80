import type { EngineDiagnostics, EngineId } from '../../lib/training/engine';
import type { LabEpoch, OverfitLabOutcome, OverfitStatus } from '../../workers/overfit-lab.protocol';
import type { Download } from '../shared/DownloadProgress';
import { failedRun } from '../shared/failed-run';
import type { OverfitSettings } from './settings';

export type Phase = 'idle' | 'starting' | 'running' | 'done' | 'stopped' | 'failed';

/** A status line as data: the key of an `overfit.*` string and its values; the view words it. */
export interface Message {
  key: 'idle' | 'starting' | 'loading-data' | 'running' | 'stopping' | 'stopped' | 'finished' | 'failed' | 'crashed' | 'epoch-done';
  values?: Record<string, string | number>;
}

export interface OverfitState {
  phase: Phase;
  status: Message;
  announcement: Message | null;
  /** the settings of the run under way or last run */
  run: OverfitSettings | null;
  engine: { id: EngineId; diagnostics: EngineDiagnostics } | null;
  download: Download | null;
  stopping: boolean;
  history: LabEpoch[];
  outcome: OverfitLabOutcome | null;
}

export type OverfitEvent =
  | { type: 'start'; run: OverfitSettings }
  | { type: 'status'; status: OverfitStatus }
  | { type: 'epoch'; epoch: LabEpoch }
  | { type: 'stop' }
  | { type: 'finished'; outcome: OverfitLabOutcome }
  | { type: 'failed'; message: string }
  | { type: 'crashed'; message: string };

export const initialState: OverfitState = { phase: 'idle', status: { key: 'idle' }, announcement: null, run: null, engine: null, download: null, stopping: false, history: [], outcome: null };

export const isRunning = (s: OverfitState) => s.phase === 'starting' || s.phase === 'running';

const say = (state: OverfitState, status: Message): OverfitState => ({ ...state, status, announcement: status });
const pct = (v: number) => (100 * v).toFixed(2);

/** The lab island's state machine: every change of what the page shows goes through here. */
export function reduce(state: OverfitState, event: OverfitEvent): OverfitState {
  switch (event.type) {
    case 'start':
      return isRunning(state) ? state : say({ ...initialState, phase: 'starting', run: event.run }, { key: 'starting' });
    case 'status': {
      if (!isRunning(state)) return state;
      const s = event.status;
      if (s.kind === 'loading-data') return say(state, { key: 'loading-data' });
      if (s.kind === 'data-progress') return { ...state, download: { kind: 'running', loaded: s.loaded, total: s.total } };
      return { ...state, download: null, phase: 'running', engine: { id: s.engine, diagnostics: s.diagnostics } };
    }
    case 'epoch': {
      if (!isRunning(state) || !state.run) return state;
      const e = event.epoch;
      const next = { ...state, phase: 'running' as const, history: [...state.history, e] };
      const values = { epoch: e.epoch, epochs: state.run.epochs, train: pct(e.plain.train.accuracy), test: pct(e.plain.test.accuracy) };
      return { ...next, status: state.stopping ? state.status : { key: 'running', values }, announcement: e.epoch % 10 === 0 ? { key: 'epoch-done', values } : state.announcement };
    }
    case 'stop':
      return isRunning(state) && !state.stopping ? say({ ...state, stopping: true }, { key: 'stopping' }) : state;
    case 'finished': {
      const o = event.outcome;
      const after: OverfitState = { ...state, outcome: o, history: o.history, stopping: false, phase: o.stopped ? 'stopped' : 'done' };
      return say(after, { key: o.stopped ? 'stopped' : 'finished', values: { epochs: o.history.length } });
    }
    case 'failed':
      return failedRun(state, { ...state, phase: 'failed', stopping: false, download: null }, { key: 'failed', values: { message: event.message } }, event.message);
    case 'crashed':
      return say({ ...state, phase: 'failed', stopping: false, download: null }, { key: 'crashed', values: { message: event.message } });
  }
}

/** What a run ends with: the plain run at its last epoch; the regularized one at the epoch it keeps (the best by validation loss when early stopping ended it, else its last). */
export function endpoints(history: readonly LabEpoch[], summary: { bestEpoch: number; stoppedAt: number | null } | null) {
  const last = history.at(-1);
  if (!last) return null;
  const regularizedLast = [...history].reverse().find((e) => e.regularized)!;
  const kept = summary?.stoppedAt ? history[summary.bestEpoch - 1]! : regularizedLast;
  return { plain: { epoch: last.epoch, ...last.plain }, regularized: { epoch: kept.epoch, ...kept.regularized! }, stoppedAt: summary?.stoppedAt ?? null };
}
