import { proxy, wrap } from 'comlink';
import type { DigitClassifier } from '../../lib/onnx/classifier';
import type { InputScaling, ScalingAccuracy } from '../../lib/onnx/input-scaling';
import type { OnnxModelApi } from '../../workers/onnx-model.worker';

/**
 * How long a reader's model may take: to open and answer its first digit, for each digit after,
 * and to read the test digits under every input scaling (8,000 readings).
 */
export const fileModelLimits = { loadSeconds: 10, runSeconds: 3, measureSeconds: 60 } as const;

/** The reader's model was stopped for taking too long. */
export class ModelTimeoutError extends Error {
  constructor(
    readonly phase: 'load' | 'run' | 'measure',
    readonly seconds: number,
  ) {
    super(`the model took longer than ${seconds} s to ${phase === 'load' ? 'load' : phase === 'run' ? 'answer' : 'read the test digits'}`);
    this.name = 'ModelTimeoutError';
  }
}

/** The reader pressed Cancel while their model was loading or running. */
export class ModelCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ModelCancelledError';
  }
}

/** A reader's model: a classifier of the page's [0, 1] pixels, scaled first as set. */
export interface FileClassifier extends DigitClassifier {
  /** accuracy on the site's default test digits under each input scaling, off the page's thread */
  measure(onProgress: (done: number, total: number) => void, onDownload: (loaded: number, total: number) => void): Promise<ScalingAccuracy[]>;
  setScaling(scaling: InputScaling): Promise<void>;
}

export interface OpeningModel {
  /** the classifier, once the model has opened and answered a blank digit */
  ready: Promise<FileClassifier>;
  /** end it now (Cancel): whatever it is computing is abandoned and pending calls reject */
  cancel(): void;
}

/**
 * Open a reader's model in a worker of its own and wrap it as a classifier whose every call has a
 * time limit. Past the limit, or on cancel, the worker is ended (the only way to stop ORT in the
 * middle of a run) and the call rejects; the page's thread never waits on the model.
 */
export function openFileModel(base: string, bytes: Uint8Array, onRuntimeBytes: (bytes: number) => void): OpeningModel {
  const raw = new Worker(new URL('../../workers/onnx-model.worker.ts', import.meta.url), { type: 'module' });
  const api = wrap<OnnxModelApi>(raw);
  let ended: Error | null = null;
  let abort: ((error: Error) => void) | null = null;
  const end = (error: Error) => {
    if (ended) return;
    ended = error;
    raw.terminate();
    abort?.(error);
  };
  raw.addEventListener('error', (event) => {
    event.preventDefault();
    end(new Error(event.message || 'the model worker stopped'));
  });
  /** A call that Cancel (or the worker's end) rejects; past `seconds`, where given, the worker is ended. */
  const guarded = <T>(call: () => Promise<T>, phase: 'load' | 'run' | 'measure', seconds: number | null): Promise<T> => {
    if (ended) return Promise.reject(ended);
    return new Promise<T>((resolve, reject) => {
      const timer = seconds === null ? undefined : setTimeout(() => end(new ModelTimeoutError(phase, seconds)), seconds * 1000);
      abort = reject;
      call().then(resolve, reject).finally(() => {
        clearTimeout(timer);
        // Only its own: the next call (opening after the runtime's download) may have set it already.
        if (abort === reject) abort = null;
      });
    });
  };
  const opened = async (): Promise<FileClassifier> => {
    // The runtime's download has no limit (the connection's pace is not the model's); opening has.
    await guarded(() => api.prepare(base, proxy(onRuntimeBytes)), 'load', null);
    const info = await guarded(() => api.open(base, bytes), 'load', fileModelLimits.loadSeconds);
    return {
      info,
      classify: (pixels, count) => {
        if (count !== 1) return Promise.reject(new Error('a file model reads one digit at a time'));
        return guarded(() => api.classify(pixels), 'run', fileModelLimits.runSeconds);
      },
      measure: (onProgress, onDownload) => guarded(() => api.measure(base, proxy(onProgress), proxy(onDownload)), 'measure', fileModelLimits.measureSeconds),
      setScaling: (scaling) => guarded(() => api.setScaling(scaling), 'run', fileModelLimits.runSeconds),
      release: async () => end(new ModelCancelledError()),
    };
  };
  const ready = opened().catch((error: unknown) => {
    end(error instanceof Error ? error : new Error(String(error)));
    throw error;
  });
  return { ready, cancel: () => end(new ModelCancelledError()) };
}
