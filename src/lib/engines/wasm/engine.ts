import type { AdamState, Checkpoint, EngineFactory, OptimizerKind, TrainingEngine } from '../../training/engine';
import { checkWeights, inputSize, parameterCount, parameterLengths } from '../../training/spec';

/**
 * The compiled engine (assembly/mlp.ts, built by scripts/build-wasm-engine.ts): 128-bit SIMD with
 * plain multiply-add, and the same with relaxed SIMD's fused multiply-add where the runtime has it.
 * The shared variants import a shared memory, for threads.
 */
export interface WasmModules {
  plain: WebAssembly.Module;
  relaxed: WebAssembly.Module | null;
  plainShared: WebAssembly.Module | null;
  relaxedShared: WebAssembly.Module | null;
}

/**
 * A helper thread the host started on `module` and `memory`: it runs `helperLoop` until the engine
 * stops it, then closes itself; `terminate` is the host's backstop.
 */
export interface HelperThread {
  /** resolves once the helper waits for work */
  ready: Promise<void>;
  terminate(): void;
}

export interface HelperStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** this helper's thread index (1, 2, …; the engine's own thread is 0) */
  thread: number;
  /** what `layout` is called with, so the helper finds the same buffers */
  base: number;
  capacity: number;
  /** the generation word's value when the helper starts */
  generation: number;
}

export interface WasmEngineHost {
  modules: WasmModules;
  /** threads in all, this one included; more than 1 needs a shared variant and `startHelper` */
  threads: number;
  startHelper?: (start: HelperStart) => HelperThread;
}

interface MlpExports {
  layout(base: number, rows: number): number;
  paramsPtr(): number;
  gradsPtr(): number;
  firstMomentsPtr(): number;
  secondMomentsPtr(): number;
  inputPtr(): number;
  labelsPtr(): number;
  predictionsPtr(): number;
  statsPtr(): number;
  syncPtr(): number;
  parameterCount(): number;
  heapBase(): number;
  setThreads(threads: number): void;
  stopHelpers(): void;
  trainStep(rows: number, optimizer: number, learningRate: number, step: number, decay: number, dropout: number): void;
  evaluate(rows: number): number;
  evaluatedCorrect(): number;
  gradients(rows: number): void;
  resetTotals(): void;
  predict(rows: number): void;
  prepare(): void;
  maxThreads(): number;
  profilePhase(job: number, rows: number): void;
  lastNonzeros(): number;
}

/** Threads the engine's buffers are laid out for (assembly/mlp.ts MAX_THREADS). */
export const maxEngineThreads = 8;
/** Rows the buffers hold: training batches and prediction chunks (src/lib/training/data.ts predicts 1000 at a time). */
export const wasmCapacity = 1000;
/** 32 MiB: the buffers and indexes for 1000 rows take about 23 MB. */
const memoryPages = 512;

/** Which variant runs: relaxed SIMD where the runtime validates it, a shared memory for threads. */
export function pickModule(modules: WasmModules, threads: number): { module: WebAssembly.Module; shared: boolean; relaxed: boolean } {
  const shared = threads > 1;
  const relaxed = shared ? modules.relaxedShared : modules.relaxed;
  const plain = shared ? modules.plainShared : modules.plain;
  if (relaxed) return { module: relaxed, shared, relaxed: true };
  if (!plain) throw new Error('no shared-memory build of the WebAssembly engine was given for threads');
  return { module: plain, shared, relaxed: false };
}

/** The kernel's RULE_… numbers (assembly/mlp.ts). */
const optimizerRules: Record<OptimizerKind, number> = { adam: 1, sgd: 2, momentum: 3, rmsprop: 4 };

/**
 * The fused WebAssembly engine: the whole step (forward, backward, the optimizer) in one call into one
 * linear memory that holds weights, gradients, moments and activations; on several threads when
 * the host gives a shared build and a way to start helpers (a page must be cross-origin isolated).
 */
export function wasmEngine(host: WasmEngineHost): EngineFactory {
  return async ({ learningRate, maxBatch, checkpoint, optimizer = 'adam', weightDecay = 0, dropout = 0 }) => {
    const rule = optimizerRules[optimizer];
    if (!(weightDecay >= 0)) throw new RangeError(`weight decay must be 0 or more, not ${weightDecay}`);
    if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`dropout must be at least 0 and below 1, not ${dropout}`);
    if (optimizer !== 'adam' && checkpoint.adam) throw new Error(`a checkpoint with Adam's state cannot go on with ${optimizer}`);
    if (maxBatch > wasmCapacity) throw new RangeError(`the WebAssembly engine takes batches of up to ${wasmCapacity}, not ${maxBatch}`);
    checkWeights(checkpoint.weights);
    const threads = Math.max(1, Math.floor(host.threads));
    if (threads > maxEngineThreads) throw new RangeError(`the WebAssembly engine runs on up to ${maxEngineThreads} threads, not ${threads}`);
    const { module, shared } = pickModule(host.modules, threads);
    const memory = new WebAssembly.Memory({ initial: memoryPages, maximum: memoryPages, shared });
    const mlp = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as MlpExports;
    if (mlp.parameterCount() !== parameterCount) throw new Error(`the WebAssembly engine was built for ${mlp.parameterCount()} parameters, not ${parameterCount}`);
    if (mlp.maxThreads() !== maxEngineThreads) throw new Error(`the WebAssembly engine was built for ${mlp.maxThreads()} threads, not ${maxEngineThreads}`);
    const base = mlp.heapBase();
    const end = mlp.layout(base, wasmCapacity);
    if (end > memory.buffer.byteLength) throw new Error(`the WebAssembly engine needs ${end} bytes of memory, it has ${memory.buffer.byteLength}`);

    const floats = (ptr: number, length: number) => new Float32Array(memory.buffer, ptr, length);
    const params = floats(mlp.paramsPtr(), parameterCount);
    const grads = floats(mlp.gradsPtr(), parameterCount);
    const moments = [floats(mlp.firstMomentsPtr(), parameterCount), floats(mlp.secondMomentsPtr(), parameterCount)] as const;
    const input = new Uint8Array(memory.buffer, mlp.inputPtr(), wasmCapacity * inputSize);
    const labels = new Int32Array(memory.buffer, mlp.labelsPtr(), wasmCapacity);
    const predictions = new Uint8Array(memory.buffer, mlp.predictionsPtr(), wasmCapacity);
    const stats = new DataView(memory.buffer, mlp.statsPtr(), 16);
    const join = (arrays: readonly Float32Array[], into: Float32Array) => {
      let at = 0;
      for (const a of arrays) {
        into.set(a, at);
        at += a.length;
      }
    };
    const split = (from: Float32Array) => {
      let at = 0;
      return parameterLengths.map((n) => from.slice(at, (at += n)));
    };
    join(checkpoint.weights, params);
    let step = checkpoint.adam?.step ?? 0;
    if (checkpoint.adam) {
      join(checkpoint.adam.m, moments[0]);
      join(checkpoint.adam.v, moments[1]);
    }

    const helpers: HelperThread[] = [];
    if (threads > 1) {
      if (!host.startHelper) throw new Error('threads need a way to start helpers');
      const generation = Atomics.load(new Int32Array(memory.buffer, mlp.syncPtr(), 1), 0);
      for (let t = 1; t < threads; t++) helpers.push(host.startHelper({ module, memory, thread: t, base, capacity: wasmCapacity, generation }));
      try {
        await Promise.all(helpers.map((h) => h.ready));
      } catch (error) {
        helpers.forEach((h) => h.terminate());
        throw error;
      }
    }
    mlp.setThreads(threads);
    mlp.prepare();
    let disposed = false;
    const load = (pixels: Uint8Array, count: number) => {
      if (disposed) throw new Error('the engine was disposed');
      input.set(pixels.subarray(0, count * inputSize));
    };

    const engine: TrainingEngine = {
      id: 'wasm',
      step(pixels, y) {
        load(pixels, y.length);
        labels.set(y);
        mlp.trainStep(y.length, rule, learningRate, ++step, weightDecay, dropout);
      },
      lastLoss: async () => stats.getFloat32(8, true),
      async takeTotals() {
        const totals = { lossSum: stats.getFloat64(0, true), correct: stats.getInt32(12, true) };
        mlp.resetTotals();
        return totals;
      },
      async predict(pixels, count) {
        const out = new Uint8Array(count);
        for (let start = 0; start < count; start += wasmCapacity) {
          const n = Math.min(wasmCapacity, count - start);
          load(pixels.subarray(start * inputSize), n);
          mlp.predict(n);
          out.set(predictions.subarray(0, n), start);
        }
        return out;
      },
      async evaluate(pixels, y) {
        let lossSum = 0;
        let correct = 0;
        for (let start = 0; start < y.length; start += wasmCapacity) {
          const n = Math.min(wasmCapacity, y.length - start);
          load(pixels.subarray(start * inputSize), n);
          labels.set(y.subarray(start, start + n));
          lossSum += mlp.evaluate(n);
          correct += mlp.evaluatedCorrect();
        }
        return { lossSum, correct };
      },
      async checkpoint(): Promise<Checkpoint> {
        const adam: AdamState | null = step > 0 && optimizer === 'adam' ? { step, m: split(moments[0]), v: split(moments[1]) } : null;
        return { weights: split(params), adam };
      },
      async gradients(pixels, y) {
        load(pixels, y.length);
        labels.set(y);
        mlp.gradients(y.length);
        return split(grads);
      },
      dispose() {
        if (disposed) return;
        disposed = true;
        if (helpers.length) mlp.stopHelpers();
        helpers.forEach((h) => h.terminate());
      },
      diagnostics: () => ({ threads, memoryBytes: memory.buffer.byteLength }),
    };
    // For scripts/profile-wasm-engine.ts: one phase of a step at a time, on the batch last loaded.
    return Object.assign(engine, { profilePhase: (job: number, rows: number) => mlp.profilePhase(job, rows), lastNonzeros: () => mlp.lastNonzeros() });
  };
}
