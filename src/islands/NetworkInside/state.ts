import type { Look } from '../../lib/nn/inside';
import type { InsideSource } from '../../workers/network-inside.worker';
import type { Download } from '../shared/DownloadProgress';

/** The grid is 16 tiles by 16. */
const perRow = 16;
const units = 256;

export interface InsideState {
  phase: 'closed' | 'opening' | 'open';
  /** the download of the model and digits: under way, or failed (the page offers Try again) */
  download: Download | null;
  /** test digits available */
  count: number;
  source: InsideSource;
  /** each open model's first layer, float32 [784, 256], for the grid */
  firstLayer: Partial<Record<InsideSource, Float32Array>>;
  /** the digit on show, for the model it was computed with */
  look: { source: InsideSource; look: Look } | null;
  /** the grid tile the pointer or the arrow keys are on, in the grid's order */
  slot: number | null;
  /** why the model trained on the page could not be opened, or a digit not computed */
  problem: string | null;
}

export type InsideEvent =
  | { type: 'open' }
  | { type: 'progress'; loaded: number; total: number }
  | { type: 'opened'; count: number; firstLayer: Float32Array }
  | { type: 'failed'; message: string }
  | { type: 'page-model'; firstLayer: Float32Array }
  | { type: 'source'; source: InsideSource }
  | { type: 'looked'; source: InsideSource; look: Look }
  | { type: 'problem'; message: string }
  /** the worker ended unexpectedly: what it had is gone, so the island starts over */
  | { type: 'crashed'; message: string }
  | { type: 'point'; slot: number | null }
  | { type: 'key'; key: string };

export const initialState: InsideState = { phase: 'closed', download: null, count: 0, source: 'shipped', firstLayer: {}, look: null, slot: null, problem: null };

/** Where an arrow, Home or End moves the grid's cursor from `slot` (null: not on the grid yet); null for any other key. */
export function moveSlot(slot: number | null, key: string): number | null {
  if (slot === null) return ['ArrowRight', 'ArrowLeft', 'ArrowDown', 'ArrowUp', 'Home', 'End'].includes(key) ? 0 : null;
  const col = slot % perRow;
  switch (key) {
    case 'ArrowRight':
      return Math.min(units - 1, slot + 1);
    case 'ArrowLeft':
      return Math.max(0, slot - 1);
    case 'ArrowDown':
      return slot + perRow < units ? slot + perRow : slot;
    case 'ArrowUp':
      return slot - perRow >= 0 ? slot - perRow : slot;
    case 'Home':
      return slot - col;
    case 'End':
      return slot - col + perRow - 1;
    default:
      return null;
  }
}

/** The look inside the network's state machine: every change of what the island shows goes through here. */
export function reduce(state: InsideState, event: InsideEvent): InsideState {
  switch (event.type) {
    case 'open':
      return state.phase === 'closed' ? { ...state, phase: 'opening', download: { kind: 'running', loaded: 0, total: 0 } } : state;
    case 'progress':
      return state.phase === 'opening' ? { ...state, download: { kind: 'running', loaded: event.loaded, total: event.total } } : state;
    case 'opened':
      return { ...state, phase: 'open', download: null, count: event.count, firstLayer: { ...state.firstLayer, shipped: event.firstLayer } };
    case 'failed':
      // Before the network is open this is the download's failure (with Try again); after, the worker's.
      return state.phase === 'open' ? { ...state, problem: event.message } : { ...state, phase: 'closed', download: { kind: 'failed', message: event.message } };
    case 'page-model':
      return { ...state, firstLayer: { ...state.firstLayer, page: event.firstLayer }, problem: null };
    case 'source':
      return event.source === 'page' && !state.firstLayer.page ? state : { ...state, source: event.source };
    case 'looked':
      return event.source === state.source ? { ...state, look: { source: event.source, look: event.look }, problem: null } : state;
    case 'problem':
      return { ...state, problem: event.message };
    case 'crashed':
      return { ...initialState, problem: event.message };
    case 'point':
      // The pointer moving within one tile changes nothing (and renders nothing).
      return event.slot === state.slot ? state : { ...state, slot: event.slot };
    case 'key': {
      const slot = moveSlot(state.slot, event.key);
      return slot === null ? state : { ...state, slot };
    }
  }
}
