/**
 * Pause, resume and stop for one run. Each run gets its own control, so a pause that arrives
 * after a run's last step (while it evaluates) ends with that run instead of holding the next one.
 */
export interface RunControl {
  readonly signal: AbortSignal;
  readonly paused: boolean;
  pause(): void;
  resume(): void;
  /** Ends the run at the next step (or at once while paused). */
  stop(): void;
  /**
   * Awaited between steps: yields to the host's event loop (so that pause and stop messages are
   * handled; at most every few milliseconds, as a yield costs about a tenth of a fast step), then
   * waits while paused, calling `onHold` once as it starts to wait; throws the stop reason once
   * stopped.
   */
  gate(onHold?: () => void): Promise<void>;
}

/** Pause and stop take effect within this long of being asked. */
const yieldEveryMs = 4;

/** Thrown (as the signal's reason) when a run is stopped on request. */
export class StoppedError extends Error {
  constructor() {
    super('training stopped');
    this.name = 'AbortError';
  }
}

/**
 * `yieldToHost` lets the host's message handlers run between steps (by default a MessageChannel
 * round trip: a macrotask, without setTimeout's 4 ms clamp). A microtask would not do: a loop
 * that only awaits microtasks never lets a stop message in.
 */
export function createRunControl(yieldToHost: () => Promise<void> = yieldToMessages): RunControl {
  const controller = new AbortController();
  let held: { promise: Promise<void>; release: () => void } | null = null;
  let yielded = -Infinity;
  const control: RunControl = {
    signal: controller.signal,
    get paused() {
      return held !== null;
    },
    pause() {
      if (held || controller.signal.aborted) return;
      let release!: () => void;
      const promise = new Promise<void>((resolve) => (release = resolve));
      held = { promise, release };
    },
    resume() {
      held?.release();
      held = null;
    },
    stop() {
      if (!controller.signal.aborted) controller.abort(new StoppedError());
      control.resume();
    },
    async gate(onHold) {
      if (!held && !controller.signal.aborted && performance.now() - yielded < yieldEveryMs) return;
      await yieldToHost();
      yielded = performance.now();
      // The pause message may have arrived during the yield just now: say so before waiting.
      if (held) onHold?.();
      while (held) await held.promise;
      controller.signal.throwIfAborted();
    },
  };
  return control;
}

/** A MessageChannel round trip: one macrotask, so that pending messages are handled first. */
export function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}

/**
 * The one run (or measurement) a worker has under way. Each `run` gets a fresh control, and
 * starting one stops the one before; pause, resume and stop reach only the current run, and do
 * nothing once it has ended, so no state outlives the run it was meant for.
 */
export function createRunSlot(yieldToHost: () => Promise<void> = yieldToMessages) {
  let current: RunControl | null = null;
  return {
    async run<T>(work: (control: RunControl) => Promise<T>): Promise<T> {
      current?.stop();
      const control = createRunControl(yieldToHost);
      current = control;
      try {
        return await work(control);
      } finally {
        if (current === control) current = null;
      }
    },
    pause: () => current?.pause(),
    resume: () => current?.resume(),
    stop: () => current?.stop(),
  };
}
