import type { MnistSet } from '../mnist/idx';
import type { RunControl } from './control';
import { gather } from './data';
import { lossReadEvery, type EngineId, type EngineLoader, type TrainingEngine } from './engine';
import { initialWeights, inputSize } from './spec';

export interface EngineTiming {
  engine: EngineId;
  /** null when the engine could not run here (see `error`) */
  samplesPerSecond: number | null;
  error?: string;
}

export interface TimingOptions {
  /** timed steps per engine, after one untimed warm-up step (which compiles kernels and shaders) */
  steps: number;
  batchSize: number;
  control?: RunControl;
  /** stop an engine's timed steps once they took this long (at least one is timed) */
  budgetMs?: number;
  /** give up on an engine whose warm-up step takes longer than this */
  warmupLimitMs?: number;
}

/**
 * Train each engine for a few steps on the first batches of `set` and time them: samples per
 * second over the timed steps, each batch assembled as in a real run. Every engine starts from
 * the same weights and is disposed whatever happens. A stop ends the measurement after the
 * current engine; the rows measured so far are returned.
 */
export async function timeEngines(ids: readonly EngineId[], load: EngineLoader, set: MnistSet, options: TimingOptions): Promise<{ rows: EngineTiming[]; stopped: boolean }> {
  const { steps, batchSize, control } = options;
  const batches = Math.max(1, Math.floor(set.count / batchSize));
  const pixels = new Uint8Array(batchSize * inputSize);
  const y = new Uint8Array(batchSize);
  const indices = new Uint32Array(batchSize);
  const rows: EngineTiming[] = [];
  const weights = initialWeights(1);
  const stepOn = (engine: TrainingEngine, i: number) => {
    const b = i % batches;
    for (let r = 0; r < batchSize; r++) indices[r] = b * batchSize + r;
    gather(set, indices, pixels, y);
    engine.step(pixels, y);
  };
  for (const id of ids) {
    if (control?.signal.aborted) return { rows, stopped: true };
    let engine: TrainingEngine | undefined;
    try {
      engine = await (await load(id))({ learningRate: 1e-3, maxBatch: batchSize, checkpoint: { weights, adam: null } });
      stepOn(engine, 0);
      await withLimit(engine.lastLoss(), options.warmupLimitMs, `no first step within ${((options.warmupLimitMs ?? 0) / 1000).toFixed(1)} s`);
      const started = performance.now();
      let timed = 0;
      while (timed < steps && (timed === 0 || options.budgetMs === undefined || performance.now() - started < options.budgetMs)) {
        if (control) await control.gate();
        stepOn(engine, ++timed);
        // An engine that queues its steps (WebGPU) is waited for as often as a run waits for it,
        // so that the budget counts the device's time, not the time to queue.
        if (timed % lossReadEvery === 0) await engine.lastLoss();
      }
      await engine.lastLoss();
      rows.push({ engine: id, samplesPerSecond: (timed * batchSize * 1000) / (performance.now() - started) });
    } catch (error) {
      if (control?.signal.aborted) return { rows, stopped: true };
      rows.push({ engine: id, samplesPerSecond: null, error: error instanceof Error ? error.message : String(error) });
    } finally {
      try {
        engine?.dispose();
      } catch {
        // a lost device has nothing left to free
      }
    }
  }
  return { rows, stopped: false };
}

/** `promise`, or a rejection with `message` once `ms` have passed (no limit when `ms` is undefined). */
function withLimit<T>(promise: Promise<T>, ms: number | undefined, message: string): Promise<T> {
  if (ms === undefined) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
