import type { ModelProblem } from '../../lib/onnx/inspect';
import type { InputScaling, ScalingAccuracy } from '../../lib/onnx/input-scaling';
import type { RuntimeProblem } from '../../lib/onnx/runtime-errors';

export type ModelId = 'float' | 'int8' | 'page' | 'file';

/** What the prediction line says. */
export type Reading =
  | { kind: 'idle' }
  | { kind: 'empty' }
  | { kind: 'loading' }
  /** the test digits are downloading for "Draw a test digit" */
  | { kind: 'loading-digits' }
  /** by: ONNX Runtime, or (while it downloads) our own models' forward pass in JavaScript */
  | { kind: 'prediction'; probs: Float32Array; ms: number; by: 'ort' | 'js' }
  /** the model answered NaN or ±Infinity: no prediction, no bars */
  | { kind: 'not-finite'; value: string; model: ModelId }
  | { kind: 'timeout'; seconds: number }
  | { kind: 'failed'; message: string };

/** Why the reader's file was refused: a problem found in the file, or ORT's failure with its raw text. */
export type FileRefusal =
  | { kind: 'problem'; problem: ModelProblem }
  | { kind: 'runtime'; problem: RuntimeProblem; raw: string }
  | { kind: 'not-finite'; value: string }
  | { kind: 'timeout'; seconds: number; phase: 'load' | 'measure' }
  | { kind: 'cancelled' };

export interface PadState {
  active: ModelId;
  /** the shipped model the pad starts with and comes back to */
  home: 'float' | 'int8';
  available: ModelId[];
  reading: Reading;
  /** a line under the prediction (the test digit drawn, the file loaded) */
  note: { key: 'sample-shown'; index: number; label: number } | { key: 'file-loaded'; name: string } | null;
  /** the reader's file being opened (its name), or null */
  opening: string | null;
  /** ONNX Runtime's download in the opening file's worker, while it runs */
  openingDownload: { loaded: number; total: number } | null;
  /** readings of the test digits done while the reader's file is measured, of total */
  measuring: { done: number; total: number; download?: { loaded: number; total: number } } | null;
  /** how the reader's model read the test digits under each input scaling, and the scaling in use */
  fileScaling: FileScaling | null;
  /** the reader's last file and why it was refused, shown with the model still in use */
  refused: { name: string; reason: FileRefusal } | null;
  comparing: boolean;
  comparison: { id: ModelId; ms: number }[] | null;
}

export interface FileScaling {
  /** per scaling, without the per-digit detail */
  measured: Omit<ScalingAccuracy, 'right'>[];
  /** what the measurement chose, and McNemar's χ² of its lead over [0, 1] */
  auto: InputScaling;
  chiSquare: number;
  /** whether any scaling read the test digits better than guessing */
  aboveChance: boolean;
  /** in use: the measurement's choice unless the reader picked another */
  chosen: InputScaling;
  /** the measurement could not be made (its reason); the model reads [0, 1] */
  failed?: string;
}

export type PadEvent =
  | { type: 'choose'; id: ModelId }
  | { type: 'model-added'; id: 'page' | 'file' }
  | { type: 'reading'; reading: Reading }
  | { type: 'note'; note: PadState['note'] }
  | { type: 'opening'; name: string }
  | { type: 'measuring'; done: number; total: number }
  /** the test digits the measurement reads are downloading */
  | { type: 'measuring-download'; loaded: number; total: number }
  /** ONNX Runtime is downloading in the reader's model's worker (before the time limit starts) */
  | { type: 'opening-download'; loaded: number; total: number }
  | { type: 'opened'; name: string; scaling: FileScaling }
  | { type: 'scaling'; scaling: InputScaling }
  | { type: 'refused'; name: string; reason: FileRefusal }
  /** the reader's model took too long on a digit and was ended */
  | { type: 'file-lost'; seconds: number }
  | { type: 'compare-start' }
  | { type: 'compare-done'; rows: { id: ModelId; ms: number }[] }
  | { type: 'compare-failed'; message: string };

export function initialPadState(home: PadState['home']): PadState {
  return { active: home, home, available: ['float', 'int8'], reading: { kind: 'idle' }, note: null, opening: null, openingDownload: null, measuring: null, fileScaling: null, refused: null, comparing: false, comparison: null };
}

/**
 * The shipped model to start with: the smallest whose test accuracy is within a tenth of a
 * percentage point of the best, since on a slow connection its download decides when the first
 * prediction comes.
 */
export function homeModel(models: { id: PadState['home']; bytes: number; testAccuracy: number }[]): PadState['home'] {
  const best = Math.max(...models.map((m) => m.testAccuracy));
  // 1e-9: accuracies are decimals, and 0.9748 − 0.9738 comes out a hair above 0.001 in floating point.
  const close = models.filter((m) => best - m.testAccuracy <= 0.001 + 1e-9).sort((a, b) => a.bytes - b.bytes);
  if (!close[0]) throw new Error('no shipped model');
  return close[0].id;
}

/** The draw-a-digit demo's state machine. */
export function reducePad(state: PadState, event: PadEvent): PadState {
  switch (event.type) {
    case 'choose':
      // A new model's reading replaces the old one's: bars from another model would mislead.
      return state.available.includes(event.id) ? { ...state, active: event.id, refused: null, reading: state.reading.kind === 'empty' ? state.reading : { kind: 'idle' } } : state;
    case 'model-added':
      return state.available.includes(event.id) ? state : { ...state, available: [...state.available, event.id] };
    case 'reading':
      return { ...state, reading: event.reading, note: event.reading.kind === 'prediction' ? state.note : null };
    case 'note':
      return { ...state, note: event.note };
    case 'opening':
      return { ...state, opening: event.name, openingDownload: null, measuring: null, refused: null };
    case 'measuring':
      return state.opening === null ? state : { ...state, measuring: { done: event.done, total: event.total } };
    case 'opening-download':
      return state.opening === null ? state : { ...state, openingDownload: event.loaded < event.total ? { loaded: event.loaded, total: event.total } : null };
    case 'measuring-download':
      return state.opening === null ? state : { ...state, measuring: { done: 0, total: 0, download: { loaded: event.loaded, total: event.total } } };
    case 'opened': {
      const available = state.available.includes('file') ? state.available : [...state.available, 'file' as const];
      return {
        ...state,
        opening: null,
        openingDownload: null,
        measuring: null,
        fileScaling: event.scaling,
        available,
        active: 'file',
        reading: { kind: 'idle' },
        note: { key: 'file-loaded', name: event.name },
      };
    }
    case 'scaling':
      // A new scaling's reading replaces the old one's, as a new model's does.
      return state.fileScaling ? { ...state, fileScaling: { ...state.fileScaling, chosen: event.scaling }, reading: { kind: 'idle' } } : state;
    case 'refused':
      return { ...state, opening: null, openingDownload: null, measuring: null, refused: { name: event.name, reason: event.reason } };
    case 'file-lost':
      return {
        ...state,
        available: state.available.filter((id) => id !== 'file'),
        active: state.active === 'file' ? state.home : state.active,
        fileScaling: null,
        reading: { kind: 'timeout', seconds: event.seconds },
      };
    case 'compare-start':
      return { ...state, comparing: true, comparison: null };
    case 'compare-done':
      return { ...state, comparing: false, comparison: event.rows };
    case 'compare-failed':
      return { ...state, comparing: false, reading: { kind: 'failed', message: event.message } };
  }
}
