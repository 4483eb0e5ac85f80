import type { EngineDiagnostics, EngineId } from '../../lib/training/engine';
import type { Download } from '../shared/DownloadProgress';
import { failedRun } from '../shared/failed-run';
import type { RaceBatch, RaceEpoch, RaceResult, RaceStatus, Racer } from '../../workers/optimizer-race.protocol';
import { raceSteps } from './settings';

export type Phase = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'failed';

/** A status line as data: the key of a `race.*` string and its values; the view words it. */
export interface Message {
  key: 'idle' | 'starting' | 'loading-data' | 'running' | 'pausing' | 'paused' | 'stopping' | 'stopped' | 'stopped-early' | 'finished' | 'failed' | 'crashed' | 'epoch-done';
  values?: Record<string, string | number>;
}

export interface RaceState {
  phase: Phase;
  status: Message;
  /** what a screen reader hears: status changes and one line per epoch, never the per-batch progress */
  announcement: Message | null;
  /** the race under way or last run: its epochs and racers (the fields may have changed since) */
  run: { epochs: number; racers: Racer[] } | null;
  engine: { id: EngineId; diagnostics: EngineDiagnostics } | null;
  /** the data's download: under way (compressed bytes so far, of the sizes the server gave), or failed (the page offers Try again) */
  download: Download | null;
  /** steps done by each racer, of the race's total */
  progress: { done: number; total: number; samplesPerSecond: number };
  position: { epoch: number; step: number; steps: number } | null;
  stopping: boolean;
  history: RaceEpoch[];
}

export type RaceEvent =
  | { type: 'start'; run: { epochs: number; racers: Racer[] } }
  | { type: 'status'; status: RaceStatus }
  | { type: 'batch'; progress: RaceBatch }
  | { type: 'epoch'; result: RaceEpoch }
  | { type: 'pause' }
  | { type: 'held'; at: { epoch: number; step: number; stepsPerEpoch: number } }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'finished'; result: RaceResult }
  | { type: 'failed'; message: string }
  | { type: 'crashed'; message: string };

export const initialState: RaceState = {
  phase: 'idle',
  status: { key: 'idle' },
  announcement: null,
  run: null,
  engine: null,
  download: null,
  progress: { done: 0, total: 1, samplesPerSecond: 0 },
  position: null,
  stopping: false,
  history: [],
};

/** A race is under way: settings are locked and Start waits. */
export const isRunning = (s: RaceState) => s.phase === 'starting' || s.phase === 'running' || s.phase === 'paused';

const say = (state: RaceState, status: Message): RaceState => ({ ...state, status, announcement: status });

/** The best test accuracy after the last epoch, as the epoch line and the final line quote it. */
function leader(state: RaceState, epoch: RaceEpoch): Record<string, string | number> {
  let best = -1;
  epoch.racers.forEach((r, i) => {
    if (!Number.isNaN(r.testAccuracy) && (best < 0 || r.testAccuracy > epoch.racers[best]!.testAccuracy)) best = i;
  });
  return { epoch: epoch.epoch, epochs: state.run?.epochs ?? epoch.epoch, optimizer: best >= 0 ? state.run!.racers[best]!.optimizer : '', accuracy: best >= 0 ? pct(epoch.racers[best]!.testAccuracy) : '–' };
}

/** The race island's state machine: every change of what the page shows goes through here. */
export function reduce(state: RaceState, event: RaceEvent): RaceState {
  switch (event.type) {
    case 'start':
      if (isRunning(state)) return state;
      return say({ ...initialState, phase: 'starting', run: event.run, progress: { ...initialState.progress, total: raceSteps(event.run.epochs) } }, { key: 'starting' });
    case 'status': {
      if (!isRunning(state)) return state;
      const s = event.status;
      if (s.kind === 'loading-data') return say(state, { key: 'loading-data' });
      if (s.kind === 'data-progress') return { ...state, download: { kind: 'running', loaded: s.loaded, total: s.total } };
      return { ...state, download: null, phase: state.phase === 'paused' ? 'paused' : 'running', engine: { id: s.engine, diagnostics: s.diagnostics } };
    }
    case 'batch': {
      if (!isRunning(state)) return state;
      const p = event.progress;
      const next: RaceState = {
        ...state,
        progress: { ...state.progress, done: (p.epoch - 1) * p.stepsPerEpoch + p.step, samplesPerSecond: p.samplesPerSecond },
        position: { epoch: p.epoch, step: p.step, steps: p.stepsPerEpoch },
      };
      if (state.phase === 'paused') return state.status.key === 'paused' ? state : next;
      if (state.stopping) return next;
      return { ...next, phase: 'running', status: running(next) };
    }
    case 'epoch':
      if (!isRunning(state)) return state;
      return { ...state, history: [...state.history, event.result], announcement: { key: 'epoch-done', values: leader(state, event.result) } };
    case 'pause':
      return state.phase === 'running' && !state.stopping ? say({ ...state, phase: 'paused' }, { key: 'pausing' }) : state;
    case 'held': {
      if (state.phase !== 'paused' || !state.run) return state;
      const { epoch, step, stepsPerEpoch } = event.at;
      const progress = { ...state.progress, done: (epoch - 1) * stepsPerEpoch + step };
      return say({ ...state, progress, position: { epoch, step, steps: stepsPerEpoch } }, { key: 'paused', values: { epoch, epochs: state.run.epochs, step, steps: stepsPerEpoch } });
    }
    case 'resume':
      return state.phase === 'paused' ? say({ ...state, phase: 'running' }, running(state)) : state;
    case 'stop':
      return isRunning(state) && !state.stopping ? say({ ...state, phase: 'running', stopping: true }, { key: 'stopping' }) : state;
    case 'finished': {
      const { history, stopped } = event.result;
      const after = { ...state, history, stopping: false, phase: stopped ? ('stopped' as const) : ('done' as const) };
      const last = history.at(-1);
      if (!last) return say(after, { key: 'stopped-early' });
      return say(after, { key: stopped ? 'stopped' : 'finished', values: leader(after, last) });
    }
    case 'failed':
      return failedRun(state, { ...state, phase: 'failed', stopping: false, download: null }, { key: 'failed', values: { message: event.message } }, event.message);
    case 'crashed':
      return say({ ...state, phase: 'failed', stopping: false, download: null }, { key: 'crashed', values: { message: event.message } });
  }
}

function running(state: RaceState): Message {
  const at = state.position;
  if (!at || !state.run) return { key: 'starting' };
  return { key: 'running', values: { epoch: at.epoch, epochs: state.run.epochs, step: at.step, steps: at.steps } };
}

const pct = (v: number) => (100 * v).toFixed(2);
