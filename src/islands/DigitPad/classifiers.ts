import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { chooseOrtProviders, type OrtProvider } from '../../lib/backend/choose';
// The ONNX modules (with protobuf) load on first use, like ORT itself: types only here.
import type { DigitClassifier } from '../../lib/onnx/classifier';
import { probeCapabilities } from '../../browser/capabilities';
import { loadOrt } from '../../browser/ort';
import { fill } from '../shared/fill';
import { pageModel } from '../shared/model-store';
import type { ShippedModel } from './Pad';
import type { ModelId } from './state';
import type { DigitStrings } from './strings';

/**
 * The pad's classifiers, one per model, each made on first use: ORT and the shipped model load on
 * the reader's first stroke, never with the page. The shipped models and the one trained on the
 * page run on the page's thread (ours, small and fast); a reader's file is opened elsewhere
 * (file-model.ts) and handed in with `keep`.
 */
export function useClassifiers(s: DigitStrings, base: string, models: ShippedModel[]) {
  const provider = useRef<Promise<OrtProvider> | null>(null);
  const providerLine = useSignal('');
  const classifiers = useRef(new Map<ModelId, Promise<DigitClassifier>>());

  const ensureProvider = () => {
    provider.current ??= (async () => {
      const chosen = chooseOrtProviders(await probeCapabilities()).order[0];
      if (!chosen) throw new Error(s['digit.no-wasm']);
      await loadOrt(base, chosen);
      providerLine.value = fill(s['digit.provider'], {
        provider: chosen === 'webgpu' ? 'WebGPU' : 'WebAssembly',
        threads: self.crossOriginIsolated ? s['digit.threads-on'] : s['digit.threads-off'],
      });
      return chosen;
    })();
    provider.current.catch(() => (provider.current = null));
    return provider.current;
  };

  const openOwn = async (id: 'float' | 'int8' | 'page'): Promise<DigitClassifier> => {
    const chosen = await ensureProvider();
    const [ort, { createClassifier }] = await Promise.all([loadOrt(base, chosen), import('../../lib/onnx/classifier')]);
    let bytes: Uint8Array;
    if (id === 'page') bytes = pageModel.value!.bytes;
    else {
      const response = await fetch(models.find((m) => m.id === id)!.url);
      if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    }
    const created = await createClassifier(ort, bytes, { executionProviders: chosen === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'] });
    // The first run sets up ORT's kernels; doing it here keeps it out of the latency the reader sees.
    await created.classify(new Float32Array(784), 1);
    return created;
  };

  const forget = (id: ModelId) => {
    const old = classifiers.current.get(id);
    classifiers.current.delete(id);
    old?.then((c) => c.release()).catch(() => {});
  };

  return {
    providerLine,
    /** whether ORT is loaded (or loading) already */
    loaded: () => provider.current !== null,
    classifierFor(id: ModelId): Promise<DigitClassifier> {
      let classifier = classifiers.current.get(id);
      if (!classifier) {
        if (id === 'file') return Promise.reject(new Error('no model file loaded'));
        classifier = openOwn(id);
        classifier.catch(() => classifiers.current.delete(id));
        classifiers.current.set(id, classifier);
      }
      return classifier;
    },
    forget,
    /** Use `classifier` for `id` from now on, releasing the one before. */
    keep(id: ModelId, classifier: DigitClassifier) {
      forget(id);
      classifiers.current.set(id, Promise.resolve(classifier));
    },
    releaseAll() {
      classifiers.current.forEach((c) => void c.then((x) => x.release()).catch(() => {}));
      classifiers.current.clear();
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
