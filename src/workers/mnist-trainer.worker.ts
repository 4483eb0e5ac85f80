/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { expose, transfer } from 'comlink';
import { version } from '../../package.json';
import { chooseBackend, type BackendChoice, type TfBackend } from '../lib/backend/choose';
import { mnistFiles, type MnistSubset } from '../lib/mnist/assets';
import { firstOf, gunzip, parseMnist, type MnistSet } from '../lib/mnist/idx';
import { createMlp, disposeMlp, mlpFromWeights, readWeights, type Mlp } from '../lib/mnist/model';
import { accuracy, confusionMatrix, predict, train, type AdamState, type BatchProgress, type EpochResult } from '../lib/mnist/train';
import { probeCapabilities } from './capabilities';

// The WASM binaries are bundled as assets of the site and fetched only when this worker starts.
// One thread: tfjs's threaded build starts its threads from a Blob of its glue code, which the
// bundler breaks ("e is not defined"). Patched to load the package's own glue file instead, it ran,
// but two threads trained no faster than one on two cores (7,220 against 8,035 samples/s), so the
// patch was not kept.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

export interface MnistRunOptions {
  base: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  trainCount: number;
  seed: number;
  override?: TfBackend;
}

export interface MnistCallbacks {
  onStatus(status: { kind: 'loading-data' | 'data-ready' | 'backend'; backend?: TfBackend; choice?: BackendChoice; bytes?: number }): void;
  onFallback(info: { from: TfBackend; to: TfBackend; message: string; epoch: number }): void;
  onBatch(progress: BatchProgress & { backend: TfBackend }): void;
  onEpoch(result: EpochResult & { backend: TfBackend }): void;
}

export interface MnistOutcome {
  history: EpochResult[];
  stopped: boolean;
  /** predicted class of every test digit */
  predictions: Uint8Array;
  labels: Uint8Array;
  /** the first test digits' pixels, for the picture of predictions (count × 784) */
  sampleImages: Uint8Array;
  confusion: number[][];
  testAccuracy: number;
  numTensors: number;
}

const cache = new Map<string, MnistSet>();
/** The weights of the last run's final model, kept on the host for export. */
let lastWeights: Float32Array[] | null = null;

/**
 * Yield to the worker's event loop so that pause and stop messages are handled between steps.
 * A MessageChannel round trip is a macrotask without setTimeout's 4 ms clamp.
 */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}
let controller: AbortController | null = null;
let paused: { promise: Promise<void>; release: () => void } | null = null;

async function fetchSet(base: string, subset: MnistSubset, split: 'train' | 'test', onBytes: (n: number) => void): Promise<MnistSet> {
  const key = `${subset}-${split}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const files = mnistFiles(base, subset, split);
  const [images, labels] = await Promise.all(
    [files.images, files.labels].map(async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      onBytes(bytes.length);
      return gunzip(bytes);
    }),
  );
  const set = parseMnist(images!, labels!, `MNIST ${split}`);
  cache.set(key, set);
  return set;
}

async function useBackend(name: TfBackend): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend did not start`);
  await tf.ready();
}

const api = {
  probe: probeCapabilities,

  async run(options: MnistRunOptions, callbacks: MnistCallbacks): Promise<MnistOutcome> {
    controller = new AbortController();
    const signal = controller.signal;
    callbacks.onStatus({ kind: 'loading-data' });
    const subset: MnistSubset = options.trainCount > 10_000 ? 'full' : 'default';
    let bytes = 0;
    const count = (n: number) => {
      bytes += n;
    };
    const [trainAll, testSet] = await Promise.all([
      fetchSet(options.base, subset, 'train', count),
      fetchSet(options.base, subset, 'test', count),
    ]);
    const trainSet = firstOf(trainAll, options.trainCount);
    callbacks.onStatus({ kind: 'data-ready', bytes });

    const choice = chooseBackend(await probeCapabilities(), options.override);
    const queue = [...choice.order];
    let history: EpochResult[] = [];
    let weights: Float32Array[] | null = null;
    let adamState: AdamState | undefined;
    let model: Mlp | null = null;
    let backend: TfBackend = queue[0]!;
    let stopped = false;
    while (queue.length) {
      backend = queue.shift()!;
      try {
        await useBackend(backend);
        callbacks.onStatus({ kind: 'backend', backend, choice });
        model = weights ? mlpFromWeights(weights) : createMlp(options.seed);
        const current = model;
        await train(current, trainSet, testSet, {
          epochs: options.epochs,
          batchSize: options.batchSize,
          learningRate: options.learningRate,
          seed: options.seed,
          startEpoch: history.length + 1,
          adamState,
          signal,
          gate: async () => {
            await yieldToMessages();
            if (paused) await paused.promise;
          },
          onBatch: (p) => callbacks.onBatch({ ...p, backend }),
          onEpoch: async (r, end) => {
            history = [...history, r];
            // Kept in host memory so a backend that dies later loses at most the current epoch; with
            // Adam's state, the next backend goes on as if the run had never been cut.
            weights = await readWeights(current);
            adamState = await end.readAdamState();
            callbacks.onEpoch({ ...r, backend });
          },
        });
        break;
      } catch (error) {
        if (signal.aborted) {
          stopped = true;
          break;
        }
        const next = queue[0];
        if (!next) throw error;
        callbacks.onFallback({ from: backend, to: next, message: error instanceof Error ? error.message : String(error), epoch: history.length });
        if (model) {
          try {
            disposeMlp(model);
          } catch {
            // the failed backend may already have lost its memory
          }
          model = null;
        }
      }
    }
    // Evaluate whatever weights training reached (after a stop, the last completed step's).
    const final = model ?? (weights ? mlpFromWeights(weights) : createMlp(options.seed));
    const predictions = await predict(final, testSet);
    lastWeights = await readWeights(final);
    disposeMlp(final);
    return {
      history,
      stopped,
      predictions,
      labels: testSet.labels,
      sampleImages: testSet.images.slice(0, 24 * 784),
      confusion: confusionMatrix(predictions, testSet.labels),
      testAccuracy: accuracy(predictions, testSet.labels),
      numTensors: tf.memory().numTensors,
    };
  },

  /** The last run's model as ONNX (src/lib/onnx/export.ts), handed over without a copy. */
  async exportOnnx(): Promise<Uint8Array> {
    if (!lastWeights) throw new Error('no trained model yet');
    const { exportMlp } = await import('../lib/onnx/export');
    const bytes = exportMlp(lastWeights, { producerVersion: version, description: 'Trained in the browser on the neural-guide MNIST page.' });
    return transfer(bytes, [bytes.buffer]);
  },

  pause() {
    if (paused) return;
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    paused = { promise, release };
  },

  resume() {
    paused?.release();
    paused = null;
  },

  stop() {
    api.resume();
    controller?.abort();
  },

  /** Train `steps` batches of `batchSize` on each backend in turn and time them (samples per second). */
  async compare(base: string, steps: number, batchSize: number): Promise<{ backend: TfBackend; samplesPerSecond: number | null; error?: string }[]> {
    const trainSet = firstOf(await fetchSet(base, 'default', 'train', () => {}), steps * batchSize);
    const testSet = firstOf(await fetchSet(base, 'default', 'test', () => {}), 100);
    const caps = await probeCapabilities();
    const candidates: TfBackend[] = [
      ...(caps.webgpu !== 'none' ? (['webgpu'] as const) : []),
      ...(caps.webgl !== 'none' ? (['webgl'] as const) : []),
      ...(caps.wasm ? (['wasm'] as const) : []),
      'cpu',
    ];
    const results = [];
    for (const backend of candidates) {
      try {
        await useBackend(backend);
        const model = createMlp(1);
        // One warm-up step compiles the kernels; it is not timed.
        await train(model, firstOf(trainSet, batchSize), testSet, { epochs: 1, batchSize, learningRate: 1e-3, seed: 1, lossEvery: 1 });
        const started = performance.now();
        await train(model, trainSet, firstOf(testSet, 1), { epochs: 1, batchSize, learningRate: 1e-3, seed: 2, lossEvery: steps });
        const seconds = (performance.now() - started) / 1000;
        disposeMlp(model);
        results.push({ backend, samplesPerSecond: (steps * batchSize) / seconds });
      } catch (error) {
        results.push({ backend, samplesPerSecond: null, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return results;
  },
};

export type MnistTrainerApi = typeof api;

expose(api);
