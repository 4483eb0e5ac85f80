import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { chooseOrtProviders, type OrtProvider } from '../../lib/backend/choose';
import { download } from '../../lib/download';
// The ONNX modules (with protobuf) load on first use, like ORT itself: types only here.
import type { DigitClassifier, OrtModule } from '../../lib/onnx/classifier';
import { probeCapabilities } from '../../browser/capabilities';
import { foreground } from '../../browser/foreground';
import { loadOrtWithBinary } from '../../browser/ort';
import type { Download } from '../shared/DownloadProgress';
import { fill } from '../shared/fill';
import { pageModel } from '../shared/model-store';
import type { ShippedModel } from './Pad';
import type { ModelId } from './state';
import type { DigitStrings } from './strings';

/** Bytes of ORT's WebAssembly binary per execution provider, measured at build time (the progress bar's total). */
export type OrtBinaryBytes = Record<OrtProvider, number>;

/**
 * The pad's classifiers, one per model, each made on first use: ORT and the shipped model load at
 * the reader's first sign of intent, never with the page. ORT's binary (megabytes) and the model
 * download in parallel, through one progress bar (`download`); leaving the page aborts them. The
 * shipped models and the one trained on the page run on the page's thread (ours, small and fast);
 * a reader's file is opened elsewhere (file-model.ts) and handed in with `keep`. Our own models also
 * have a classifier that needs no ORT (`quickFor`, src/lib/onnx/mlp-forward.ts): ready when the
 * model's few hundred kilobytes are, it answers while ORT's megabytes still download.
 */
export function useClassifiers(s: DigitStrings, base: string, models: ShippedModel[], ortBytes: OrtBinaryBytes) {
  const runtime = useRef<Promise<{ provider: OrtProvider; ort: OrtModule }> | null>(null);
  const providerLine = useSignal('');
  const downloadState = useSignal<Download | null>(null);
  const classifiers = useRef(new Map<ModelId, Promise<DigitClassifier>>());
  /** the ORT classifiers that are open */
  const open = useRef(new Set<ModelId>());
  const quick = useRef(new Map<ModelId, Promise<DigitClassifier>>());
  const modelBytes = useRef(new Map<ModelId, Promise<Uint8Array>>());
  const aborter = useRef(new AbortController());
  const parts = useRef(new Map<string, { loaded: number; total: number; done: boolean }>());

  const show = () => {
    if (downloadState.value?.kind === 'failed') return;
    const all = [...parts.current.values()];
    if (all.every((p) => p.done)) {
      parts.current.clear();
      downloadState.value = null;
      return;
    }
    downloadState.value = { kind: 'running', loaded: all.reduce((n, p) => n + p.loaded, 0), total: all.reduce((n, p) => n + p.total, 0) };
  };
  /** One download under the progress bar; `total` is the file's size as the build measured it. */
  const track = (key: string, total: number) => {
    const part = { loaded: 0, total, done: false };
    parts.current.set(key, part);
    show();
    return {
      add(bytes: number) {
        part.loaded += bytes;
        show();
      },
      end(error?: unknown) {
        part.done = true;
        if (error !== undefined && !aborter.current.signal.aborted) downloadState.value = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
        show();
      },
    };
  };
  const fetchShown = async (url: string, total: number): Promise<Uint8Array> => {
    const shown = track(url, total);
    try {
      const bytes = await download(url, { signal: aborter.current.signal, onBytes: shown.add });
      shown.end();
      return bytes;
    } catch (e) {
      shown.end(e);
      throw e;
    }
  };

  const ensureRuntime = () => {
    runtime.current ??= (async () => {
      const provider = chooseOrtProviders(await probeCapabilities()).order[0];
      if (!provider) throw new Error(s['digit.no-wasm']);
      // Beside the model, under the progress bar.
      const ort = await loadOrtWithBinary(base, provider, (url) => fetchShown(url, ortBytes[provider]));
      providerLine.value = fill(s['digit.provider'], {
        provider: provider === 'webgpu' ? 'WebGPU' : 'WebAssembly',
        threads: self.crossOriginIsolated ? s['digit.threads-on'] : s['digit.threads-off'],
      });
      return { provider, ort };
    })();
    runtime.current.catch(() => (runtime.current = null));
    return runtime.current;
  };

  /** One of our own models' file, downloaded once for both of its classifiers. */
  const bytesOf = (id: 'float' | 'int8' | 'page'): Promise<Uint8Array> => {
    let bytes = modelBytes.current.get(id);
    if (!bytes) {
      const shipped = models.find((m) => m.id === id);
      bytes = id === 'page' ? Promise.resolve(pageModel.value!.bytes) : fetchShown(shipped!.url, shipped!.bytes);
      bytes.catch(() => modelBytes.current.delete(id));
      modelBytes.current.set(id, bytes);
    }
    return bytes;
  };

  const openOwn = async (id: 'float' | 'int8' | 'page'): Promise<DigitClassifier> => {
    const [{ provider, ort }, bytes, { createClassifier }] = await Promise.all([ensureRuntime(), bytesOf(id), import('../../lib/onnx/classifier')]);
    const created = await createClassifier(ort, bytes, { executionProviders: provider === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'] });
    // The first run sets up ORT's kernels; doing it here keeps it out of the latency the reader sees.
    await created.classify(new Float32Array(784), 1);
    return created;
  };

  /**
   * A classifier for one of our own models computed without ORT, ready once the model's file is (the
   * file downloads once, for this and for classifierFor); null for a reader's file, which only ORT can run.
   */
  const quickFor = (id: ModelId): Promise<DigitClassifier> | null => {
    if (id === 'file') return null;
    let made = quick.current.get(id);
    if (!made) {
      made = Promise.all([bytesOf(id), import('../../lib/onnx/mlp-forward')]).then(([bytes, { createMlpClassifier }]) => createMlpClassifier(bytes));
      made.catch(() => quick.current.delete(id));
      quick.current.set(id, made);
    }
    return made;
  };

  const forget = (id: ModelId) => {
    const old = classifiers.current.get(id);
    classifiers.current.delete(id);
    open.current.delete(id);
    quick.current.delete(id);
    modelBytes.current.delete(id);
    old?.then((c) => c.release()).catch(() => {});
  };

  return {
    providerLine,
    download: downloadState,
    /** whether ORT is loaded (or loading) already */
    loaded: () => runtime.current !== null,
    classifierFor(id: ModelId): Promise<DigitClassifier> {
      let classifier = classifiers.current.get(id);
      if (!classifier) {
        if (id === 'file') return Promise.reject(new Error('no model file loaded'));
        // A new attempt after a failed download: the failure gives way to its progress.
        if (downloadState.value?.kind === 'failed') downloadState.value = null;
        // The service worker's install waits for it (src/browser/offline.ts).
        classifier = foreground(openOwn(id));
        const made = classifier;
        made.then(
          () => classifiers.current.get(id) === made && open.current.add(id),
          () => classifiers.current.delete(id),
        );
        classifiers.current.set(id, classifier);
        // Its module is asked for now, beside the model: asked for at the first answer, it would queue
        // behind ORT's megabytes on a slow link.
        quickFor(id)?.catch(() => {});
      }
      return classifier;
    },
    /** whether `id`'s ORT classifier is open (classifierFor answers at once) */
    isOpen: (id: ModelId) => open.current.has(id),
    quickFor,
    forget,
    /** Use `classifier` for `id` from now on, releasing the one before. */
    keep(id: ModelId, classifier: DigitClassifier) {
      forget(id);
      classifiers.current.set(id, Promise.resolve(classifier));
    },
    /** Stop the downloads and release every session (the island is leaving the page). */
    releaseAll() {
      aborter.current.abort();
      classifiers.current.forEach((c) => void c.then((x) => x.release()).catch(() => {}));
      classifiers.current.clear();
      open.current.clear();
      quick.current.clear();
      modelBytes.current.clear();
    },
  };
}

/**
 * Milliseconds per inference of `input`: the median of 10 rounds of 20, after 20 untimed. Rounds,
 * because without cross-origin isolation the browser coarsens performance.now() to 0.1 ms, too
 * coarse for one inference; the median, because one round may hold a garbage-collection pause.
 */
export async function medianLatency(classifier: DigitClassifier, input: Float32Array): Promise<number> {
  for (let i = 0; i < 20; i++) await classifier.classify(input, 1);
  const rounds: number[] = [];
  for (let r = 0; r < 10; r++) {
    const started = performance.now();
    for (let i = 0; i < 20; i++) await classifier.classify(input, 1);
    rounds.push((performance.now() - started) / 20);
  }
  rounds.sort((a, b) => a - b);
  return (rounds[4]! + rounds[5]!) / 2;
}
