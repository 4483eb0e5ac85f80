import type { ChoiceReason } from '../../lib/backend/choose';
import type { Download } from '../shared/DownloadProgress';
import { failedRun } from '../shared/failed-run';
import type { EngineDiagnostics, EngineId } from '../../lib/training/engine';
import type { BatchProgress, CompareDownload, EngineTiming, EpochResult, MnistComparison, MnistOutcome, MnistStatus } from '../../workers/mnist-trainer.protocol';
import { totalSteps, type RunSettings } from './settings';

export type Phase = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'failed';

/** A status line as data: the key of a `mnist.*` string and its values; the view words it. */
export interface Message {
  key: 'idle' | 'starting' | 'loading-data' | 'data-ready' | 'data-cached' | 'measuring' | 'running' | 'pausing' | 'paused' | 'stopping' | 'stopped' | 'finished' | 'failed' | 'crashed';
  values?: Record<string, string | number>;
}

export interface Fallback {
  from: EngineId;
  to: EngineId;
  message: string;
  epochsKept: number;
}

export interface TrainerState {
  phase: Phase;
  status: Message;
  /** what a screen reader hears: status changes and one line per epoch, never the per-batch progress */
  announcement: Message | { key: 'epoch-done'; values: Record<string, number | string> } | null;
  /** the settings of the run under way or last run: the status speaks of these, not of the fields */
  run: RunSettings | null;
  engine: { id: EngineId; reason: ChoiceReason | { fallbackFrom: EngineId }; timings: EngineTiming[] } | null;
  fallbacks: Fallback[];
  progress: { done: number; total: number; samplesPerSecond: number; diagnostics: EngineDiagnostics | null; etaSeconds: number | null };
  /** a download of the run: under way (bytes so far, of the files' sizes), or the data's that failed (the page offers Try again) */
  download: Download | null;
  /** what `download` fetches: the MNIST data, or TensorFlow.js for an engine (whose failure is a fallback, not Try again) */
  downloadOf: 'data' | 'tfjs';
  /** where the run is: what the status line says while it trains */
  position: { epoch: number; step: number; steps: number } | null;
  /** Stop was pressed and the run has not ended yet */
  stopping: boolean;
  history: EpochResult[];
  outcome: MnistOutcome | null;
  /** a measurement of the engines runs beside the run state, which it leaves as it was */
  comparing: boolean;
  comparison: MnistComparison | null;
  compareError: string | null;
  /** what the measurement is downloading (the data, or TensorFlow.js): bytes so far, of the files' sizes */
  compareDownload: CompareDownload | null;
}

export type TrainerEvent =
  | { type: 'start'; run: RunSettings }
  | { type: 'status'; status: MnistStatus }
  | { type: 'fallback'; fallback: Fallback }
  | { type: 'batch'; progress: BatchProgress; elapsedSeconds: number }
  | { type: 'epoch'; result: EpochResult }
  | { type: 'pause' }
  /** the worker holds: no step runs until Resume */
  | { type: 'held'; at: { epoch: number; step: number; stepsPerEpoch: number } }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'finished'; outcome: MnistOutcome }
  | { type: 'failed'; message: string }
  | { type: 'crashed'; message: string }
  | { type: 'compare-start' }
  | { type: 'compare-download'; download: CompareDownload }
  | { type: 'compare-done'; comparison: MnistComparison }
  | { type: 'compare-failed'; message: string };

export const initialState: TrainerState = {
  phase: 'idle',
  status: { key: 'idle' },
  announcement: null,
  run: null,
  engine: null,
  fallbacks: [],
  progress: { done: 0, total: 1, samplesPerSecond: 0, diagnostics: null, etaSeconds: null },
  download: null,
  downloadOf: 'data',
  position: null,
  stopping: false,
  history: [],
  outcome: null,
  comparing: false,
  comparison: null,
  compareError: null,
  compareDownload: null,
};

/** A run is under way: settings are locked and Start waits. */
export const isRunning = (s: TrainerState) => s.phase === 'starting' || s.phase === 'running' || s.phase === 'paused';
/** Anything is under way in the worker (a run or a measurement): Stop applies. */
export const isBusy = (s: TrainerState) => isRunning(s) || s.comparing;

const say = (state: TrainerState, status: Message): TrainerState => ({ ...state, status, announcement: status });

/** The trainer island's state machine: every change of what the page shows goes through here. */
export function reduce(state: TrainerState, event: TrainerEvent): TrainerState {
  switch (event.type) {
    case 'start':
      if (isBusy(state)) return state;
      return say(
        {
          ...initialState,
          phase: 'starting',
          run: event.run,
          progress: { ...initialState.progress, total: totalSteps(event.run) },
          comparison: state.comparison,
        },
        { key: 'starting' },
      );
    case 'status': {
      if (!isRunning(state)) return state;
      const s = event.status;
      if (s.kind === 'loading-data') return say(state, { key: 'loading-data' });
      if (s.kind === 'data-progress') return { ...state, download: { kind: 'running', loaded: s.loaded, total: s.total }, downloadOf: 'data' };
      if (s.kind === 'engine-download') return { ...state, download: s.loaded < s.total ? { kind: 'running', loaded: s.loaded, total: s.total } : null, downloadOf: 'tfjs' };
      if (s.kind === 'data-ready') {
        return say({ ...state, download: null }, s.downloaded > 0 ? { key: 'data-ready', values: { mb: (s.downloaded / 1024 / 1024).toFixed(1) } } : { key: 'data-cached' });
      }
      if (s.kind === 'measuring') return say(state, { key: 'measuring' });
      // After a fallback the timings before the run still describe how the choice was made.
      const timings = s.timings ?? state.engine?.timings ?? [];
      return { ...state, download: null, phase: state.phase === 'paused' ? 'paused' : 'running', engine: { id: s.engine, reason: s.reason, timings } };
    }
    case 'fallback':
      // An engine that failed while TensorFlow.js downloaded: the download failed, and the notice says so.
      return isRunning(state) ? { ...state, fallbacks: [...state.fallbacks, event.fallback], download: null } : state;
    case 'batch': {
      if (!isRunning(state)) return state;
      const p = event.progress;
      const done = (p.epoch - 1) * p.stepsPerEpoch + p.step;
      const total = state.progress.total;
      const next: TrainerState = {
        ...state,
        progress: {
          done,
          total,
          samplesPerSecond: p.samplesPerSecond,
          diagnostics: p.diagnostics,
          etaSeconds: done > 0 ? (event.elapsedSeconds / done) * (total - done) : null,
        },
        position: { epoch: p.epoch, step: p.step, steps: p.stepsPerEpoch },
      };
      // Batch progress is shown, not announced; a paused or stopping run keeps its status line (and a
      // report sent before the pause took hold does not move the bar past where it holds).
      if (state.phase === 'paused') return state.status.key === 'paused' ? state : next;
      if (state.stopping) return next;
      return { ...next, phase: 'running', status: running(next) };
    }
    case 'epoch':
      if (!isRunning(state) || !state.run) return state;
      return {
        ...state,
        history: [...state.history, event.result],
        announcement: { key: 'epoch-done', values: { epoch: event.result.epoch, epochs: state.run.epochs, accuracy: pct(event.result.testAccuracy) } },
      };
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
      const o = event.outcome;
      const after = { ...state, outcome: o, history: o.history, progress: { ...state.progress, diagnostics: o.diagnostics, etaSeconds: null } };
      return say({ ...after, phase: o.stopped ? 'stopped' : 'done', stopping: false }, { key: o.stopped ? 'stopped' : 'finished', values: { accuracy: pct(o.testAccuracy) } });
    }
    case 'failed':
      return failedRun(state, { ...state, phase: 'failed', stopping: false, comparing: false, download: null }, { key: 'failed', values: { message: event.message } }, event.message);
    case 'crashed':
      return say({ ...state, phase: 'failed', stopping: false, comparing: false, download: null }, { key: 'crashed', values: { message: event.message } });
    case 'compare-start':
      return isBusy(state) ? state : { ...state, comparing: true, comparison: null, compareError: null, compareDownload: null };
    case 'compare-download':
      return state.comparing ? { ...state, compareDownload: event.download.loaded < event.download.total ? event.download : null } : state;
    case 'compare-done':
      return state.comparing ? { ...state, comparing: false, comparison: event.comparison, compareDownload: null } : state;
    case 'compare-failed':
      return state.comparing ? { ...state, comparing: false, compareError: event.message, compareDownload: null } : state;
  }
}

/** The status line of a training run at its latest position (before the first report: still starting). */
function running(state: TrainerState): Message {
  const at = state.position;
  if (!at || !state.run) return { key: 'starting' };
  return { key: 'running', values: { epoch: at.epoch, epochs: state.run.epochs, step: at.step, steps: at.steps } };
}

const pct = (v: number) => (100 * v).toFixed(2);
