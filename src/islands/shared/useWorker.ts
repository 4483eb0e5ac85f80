import { wrap, type Remote } from 'comlink';
import { useEffect, useRef } from 'preact/hooks';

export interface WorkerHandle<Api> {
  raw: Worker;
  api: Remote<Api>;
}

/**
 * A comlink-wrapped Web Worker that an island starts on first use and that ends with the island.
 * `create` must call `new Worker(new URL('…', import.meta.url), { type: 'module' })` itself, so
 * that the bundler sees the worker. An error nothing in the worker caught (or a worker that failed
 * to load) ends it: the handle is dropped, `onCrash` hears the message, and the next `ensure()`
 * starts a fresh worker.
 */
export function useWorker<Api>(create: () => Worker, onCrash: (message: string) => void) {
  const current = useRef<WorkerHandle<Api> | null>(null);
  useEffect(() => () => current.current?.raw.terminate(), []);
  return {
    ensure(): WorkerHandle<Api> {
      if (!current.current) {
        const raw = create();
        raw.addEventListener('error', (event) => {
          event.preventDefault();
          if (current.current?.raw !== raw) return;
          raw.terminate();
          current.current = null;
          onCrash(event.message);
        });
        current.current = { raw, api: wrap<Api>(raw) };
      }
      return current.current;
    },
    /** The worker, if one is running. */
    get current(): WorkerHandle<Api> | null {
      return current.current;
    },
    /** Whether `handle` is still this island's worker (messages from an ended one are stale). */
    isLive(handle: WorkerHandle<Api>): boolean {
      return current.current === handle;
    },
    /** End the worker (after a failure it cannot recover from); the next `ensure()` starts a new one. */
    discard(): void {
      current.current?.raw.terminate();
      current.current = null;
    },
  };
}
