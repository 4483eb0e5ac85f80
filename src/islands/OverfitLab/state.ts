import type { EngineDiagnostics, EngineId } from '../../lib/training/engine';
import type { LabEpoch, OverfitLabOutcome, OverfitStatus } from '../../workers/overfit-lab.protocol';
import type { Download } from '../shared/DownloadProgress';
import { failedRun } from '../shared/failed-run';
import type { OverfitSettings } from './settings';

export type Phase = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'failed';

/** A status line as data: the key of an `overfit.*` string and its values; the view words it. */
export interface Message {
  key: 'idle' | 'starting' | 'loading-data' | 'running' | 'pausing' | 'paused' | 'stopping' | 'stopped' | 'finished' | 'failed' | 'crashed' | 'epoch-done';
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
  /** the status line a resume brings back */
  resumeStatus: Message | null;
  stopping: boolean;
  history: LabEpoch[];
  outcome: OverfitLabOutcome | null;
}

export type OverfitEvent =
  | { type: 'start'; run: OverfitSettings }
  | { type: 'status'; status: OverfitStatus }
  | { type: 'epoch'; epoch: LabEpoch }
  | { type: 'pause' }
  | { type: 'held'; at: { epoch: number; step: number; stepsPerEpoch: number } }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'finished'; outcome: OverfitLabOutcome }
  | { type: 'failed'; message: string }
  | { type: 'crashed'; message: string };

export const initialState: OverfitState = { phase: 'idle', status: { key: 'idle' }, announcement: null, run: null, engine: null, download: null, resumeStatus: null, stopping: false, history: [], outcome: null };

export const isRunning = (s: OverfitState) => s.phase === 'starting' || s.phase === 'running' || s.phase === 'paused';

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
      return { ...state, download: null, phase: state.phase === 'paused' ? 'paused' : 'running', engine: { id: s.engine, diagnostics: s.diagnostics } };
    }
    case 'epoch': {
      if (!isRunning(state) || !state.run) return state;
      const e = event.epoch;
      const values = { epoch: e.epoch, epochs: state.run.epochs, train: pct(e.plain.train.accuracy), test: pct(e.plain.test.accuracy) };
      const next = { ...state, history: [...state.history, e], announcement: e.epoch % 10 === 0 ? { key: 'epoch-done' as const, values } : state.announcement };
      // An epoch that ended while a pause was asked for: its figures show, the status line still says pausing (a resume brings this line back).
      if (state.phase === 'paused') return { ...next, resumeStatus: { key: 'running', values } };
      return { ...next, phase: 'running', status: state.stopping ? state.status : { key: 'running', values } };
    }
    case 'pause':
      return state.phase === 'running' && !state.stopping ? say({ ...state, phase: 'paused', resumeStatus: state.status }, { key: 'pausing' }) : state;
    case 'held': {
      if (state.phase !== 'paused' || !state.run) return state;
      const { epoch, step, stepsPerEpoch } = event.at;
      return say(state, { key: 'paused', values: { epoch, epochs: state.run.epochs, step, steps: stepsPerEpoch } });
    }
    case 'resume':
      return state.phase === 'paused' ? say({ ...state, phase: 'running', resumeStatus: null }, state.resumeStatus ?? { key: 'starting' }) : state;
    case 'stop':
      return isRunning(state) && !state.stopping ? say({ ...state, phase: 'running', stopping: true }, { key: 'stopping' }) : state;
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
