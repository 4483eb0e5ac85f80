import type { Remote } from 'comlink';
import { useWorker } from './useWorker';

/** What every lab's worker offers besides its run (createRunSlot's controls). */
interface LabControls {
  pause(): void;
  resume(): void;
  stop(): void;
}

/** The events every lab's reducer takes for those controls. */
type ControlEvent = { type: 'pause' } | { type: 'resume' } | { type: 'stop' };

/**
 * A lab's run in its Web Worker, as the three labs wire it: `start` runs `call` on the worker and
 * hands its result to `finished`; `send` (given to `call` for the run's callbacks) and `finished`
 * only reach the island while the worker is still this run's (a crashed or replaced worker's late
 * messages are dropped); a run that throws ends its worker (the next start makes a fresh one) and
 * its message goes to `failed`. `act` tells the worker to pause, resume or stop and the reducer that it
 * was asked. `create` must call `new Worker(new URL(…), …)` itself (see useWorker).
 */
export function useLabRun<Api extends LabControls, Event>(create: () => Worker, dispatch: (event: Event | ControlEvent) => void, on: { crashed(message: string): Event; failed(message: string): Event }) {
  const worker = useWorker<Api>(create, (message) => dispatch(on.crashed(message)));
  return {
    async start<R>(call: (api: Remote<Api>, send: (event: Event) => void, live: () => boolean) => Promise<R>, finished: (result: R) => Event): Promise<void> {
      const handle = worker.ensure();
      const live = () => worker.isLive(handle);
      try {
        const result = await call(handle.api, (event) => live() && dispatch(event), live);
        if (live()) dispatch(finished(result));
      } catch (error) {
        if (!live()) return;
        worker.discard();
        dispatch(on.failed(error instanceof Error ? error.message : String(error)));
      }
    },
    act(control: ControlEvent['type']): void {
      void worker.current?.api[control]();
      dispatch({ type: control });
    },
  };
}
