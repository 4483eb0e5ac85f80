/// <reference lib="webworker" />
// The MNIST trainer's worker: a thin adapter from messages to src/lib's training layer.
import { expose, transfer } from 'comlink';
import { version } from '../../package.json';
import { canRun, chooseEngines, rankByTiming } from '../lib/backend/choose';
import { firstOf } from '../lib/mnist/idx';
import { loadMnist } from '../lib/mnist/load';
import { createRunSlot } from '../lib/training/control';
import { confusionMatrix } from '../lib/training/data';
import { engineIds, type EngineId } from '../lib/training/engine';
import { timeEngines } from '../lib/training/measure';
import { runTraining } from '../lib/training/run';
import { probeCapabilities } from '../browser/capabilities';
import { loadEngine } from './engines';
import { sampleCount, type CompareDownload, type EngineTiming, type MnistCallbacks, type MnistComparison, type MnistOutcome, type MnistRunOptions } from './mnist-trainer.protocol';

/** The run or measurement under way: pause, resume and stop act on it alone. */
const slot = createRunSlot();
/** The weights of the last run's final model, kept on the host for export. */
let lastWeights: Float32Array[] | null = null;

const api = {
  run(options: MnistRunOptions, callbacks: MnistCallbacks): Promise<MnistOutcome> {
    return slot.run(async (control) => {
      callbacks.onStatus({ kind: 'loading-data' });
      const subset = options.trainCount > 10_000 ? 'full' : 'default';
      const heard = { loaded: 0, total: 0 };
      const onProgress = ({ bytes, size }: { bytes: number; size: number }) => {
        heard.loaded += bytes;
        heard.total += size;
        if (heard.total > 0) callbacks.onStatus({ kind: 'data-progress', loaded: heard.loaded, total: heard.total });
      };
      const [train, test] = await Promise.all([loadMnist(options.base, subset, 'train', onProgress), loadMnist(options.base, subset, 'test', onProgress)]);
      callbacks.onStatus({ kind: 'data-ready', downloaded: train.downloaded + test.downloaded });
      const testSet = test.set;
      const trainSet = firstOf(train.set, options.trainCount);
      const load = (id: EngineId) => loadEngine(id, (loaded, total) => callbacks.onStatus({ kind: 'engine-download', loaded, total }));
      let choice = chooseEngines(await probeCapabilities(), options.override);
      let timings: EngineTiming[] | undefined;
      if (choice.measure.length) {
        // A few steps of this run's own batches on each candidate, well under a second in all.
        callbacks.onStatus({ kind: 'measuring' });
        timings = (await timeEngines(choice.measure, load, trainSet, { steps: 20, batchSize: options.batchSize, budgetMs: 150, warmupLimitMs: 1500 })).rows;
        choice = rankByTiming(choice, timings);
      }
      const outcome = await runTraining({
        trainSet,
        testSet,
        epochs: options.epochs,
        batchSize: options.batchSize,
        learningRate: options.learningRate,
        seed: options.seed,
        engines: choice.order,
        load,
        control,
        onEngine: (engine, fallback) => {
          if (fallback) {
            const message = fallback.error instanceof Error ? fallback.error.message : String(fallback.error);
            callbacks.onFallback({ from: fallback.from, to: fallback.to, message, epochsKept: fallback.epochsKept });
          }
          callbacks.onStatus({ kind: 'engine', engine, reason: fallback ? { fallbackFrom: fallback.from } : choice.reason, timings: fallback ? undefined : timings });
        },
        onHold: (at) => callbacks.onHeld(at),
        onBatch: (p) => callbacks.onBatch(p),
        onEpoch: (r) => callbacks.onEpoch(r),
      });
      lastWeights = outcome.checkpoint.weights;
      return {
        history: outcome.history,
        stopped: outcome.stopped,
        predictions: outcome.predictions,
        labels: testSet.labels,
        sampleImages: testSet.images.slice(0, sampleCount * 784),
        confusion: confusionMatrix(outcome.predictions, testSet.labels),
        testAccuracy: outcome.testAccuracy,
        diagnostics: outcome.diagnostics,
      };
    });
  },

  /** The last run's model as ONNX (src/lib/onnx/export.ts), handed over without a copy. */
  async exportOnnx(): Promise<Uint8Array> {
    if (!lastWeights) throw new Error('no trained model yet');
    const { exportMlp } = await import('../lib/onnx/export');
    const bytes = exportMlp(lastWeights, { producerVersion: version, description: 'Trained in the browser on the neural-guide MNIST page.' });
    return transfer(bytes, [bytes.buffer]);
  },

  pause: slot.pause,
  resume: slot.resume,
  stop: slot.stop,

  /**
   * Train `steps` batches of `batchSize` on every engine this browser can run, in turn, and time them.
   * `onDownload` hears the bytes of what the measurement downloads (the data, then TensorFlow.js for
   * the first tfjs engine); each download's last report has loaded = total.
   */
  compare(base: string, steps: number, batchSize: number, onDownload: (download: CompareDownload) => void): Promise<MnistComparison> {
    return slot.run(async (control) => {
      const heard = { loaded: 0, total: 0 };
      const { set } = await loadMnist(base, 'default', 'train', ({ bytes, size }) => {
        heard.loaded += bytes;
        heard.total += size;
        if (heard.total > 0) onDownload({ of: 'data', ...heard });
      });
      onDownload({ of: 'data', loaded: heard.total, total: heard.total });
      const caps = await probeCapabilities();
      return timeEngines(
        engineIds.filter((id) => canRun(caps, id)),
        (id) => loadEngine(id, (loaded, total) => onDownload({ of: 'tfjs', loaded, total })),
        firstOf(set, (steps + 1) * batchSize),
        { steps, batchSize, control },
      );
    });
  },
};

export type MnistTrainerApi = typeof api;

expose(api);
