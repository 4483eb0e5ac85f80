import { useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { chooseOrtProviders, type OrtProvider } from '../../lib/backend/choose';
import { toMnistInput } from '../../lib/mnist/preprocess';
// The ONNX modules (with protobuf) load on first use, like ORT itself: types only here.
import type { DigitClassifier } from '../../lib/onnx/classifier';
import type { ModelProblem } from '../../lib/onnx/inspect';
import { probeCapabilities } from '../../workers/capabilities';
import { pageModel } from '../shared/model-store';
import { fill } from '../shared/fill';
import { loadOrt } from './runtime';
import type { DigitStrings } from './strings';
import '../shared/islands.css';
import './digit.css';

export interface ShippedModel {
  id: 'float' | 'int8';
  url: string;
  bytes: number;
  testAccuracy: number;
}

interface Props {
  strings: DigitStrings;
  base: string;
  models: ShippedModel[];
}

type ModelId = 'float' | 'int8' | 'page' | 'file';
interface Runtime {
  provider: OrtProvider;
  classifiers: Map<ModelId, Promise<DigitClassifier>>;
}

/** Canvas resolution; CSS scales it to the column. */
const size = 280;
/** Stroke width: a digit drawn about 200 px tall becomes a 2–3 px stroke at MNIST's 20 px scale. */
const brush = 22;
const pct = (p: number) => (100 * p).toFixed(1);
const acc = (p: number) => (100 * p).toFixed(2);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/** Draw a digit; the model the reader picked (shipped, trained on the page, or their own file) reads it with onnxruntime-web. */
export default function Pad({ strings: s, base, models }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const runtime = useRef<Promise<Runtime> | null>(null);
  const drawing = useRef<{ id: number; x: number; y: number } | null>(null);
  const queued = useRef(false);
  const busy = useRef(false);
  const fileModel = useRef<{ name: string; bytes: Uint8Array } | null>(null);
  const active = useSignal<ModelId>('float');
  const available = useSignal<ModelId[]>(['float', 'int8']);
  const probs = useSignal<Float32Array | null>(null);
  const message = useSignal('');
  const error = useSignal('');
  const providerLine = useSignal('');
  const latency = useSignal<number | null>(null);
  const comparison = useSignal<{ id: ModelId; ms: number }[] | null>(null);
  const comparing = useSignal(false);

  const labelOf = (id: ModelId) =>
    id === 'float'
      ? s['digit.model-float']
      : id === 'int8'
        ? s['digit.model-int8']
        : id === 'page'
          ? s['digit.model-page']
          : fill(s['digit.model-file'], { name: fileModel.current?.name ?? '' });

  const ensureRuntime = () => {
    runtime.current ??= (async () => {
      const { order } = chooseOrtProviders(await probeCapabilities());
      const provider = order[0];
      if (!provider) throw new Error(s['digit.no-wasm']);
      await loadOrt(base, provider);
      providerLine.value = fill(s['digit.provider'], {
        provider: provider === 'webgpu' ? 'WebGPU' : 'WebAssembly',
        threads: self.crossOriginIsolated ? s['digit.threads-on'] : s['digit.threads-off'],
      });
      return { provider, classifiers: new Map() };
    })();
    runtime.current.catch(() => (runtime.current = null));
    return runtime.current;
  };

  const bytesOf = async (id: ModelId): Promise<Uint8Array> => {
    if (id === 'page') return pageModel.value!.bytes;
    if (id === 'file') return fileModel.current!.bytes;
    const response = await fetch(models.find((m) => m.id === id)!.url);
    if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };

  const classifierFor = async (id: ModelId): Promise<DigitClassifier> => {
    const rt = await ensureRuntime();
    let classifier = rt.classifiers.get(id);
    if (!classifier) {
      classifier = (async () => {
        const [ort, { createClassifier }] = await Promise.all([loadOrt(base, rt.provider), import('../../lib/onnx/classifier')]);
        const created = await createClassifier(ort, await bytesOf(id), { executionProviders: rt.provider === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'] });
        // The first run sets up ORT's kernels; doing it here keeps it out of the latency the reader sees.
        await created.classify(new Float32Array(784), 1);
        return created;
      })();
      classifier.catch(() => rt.classifiers.delete(id));
      rt.classifiers.set(id, classifier);
    }
    return classifier;
  };

  const forget = async (id: ModelId) => {
    const rt = await runtime.current;
    const old = rt?.classifiers.get(id);
    rt?.classifiers.delete(id);
    old?.then((c) => c.release()).catch(() => {});
  };

  /** The drawing as the model's input, also shown to the reader; null when nothing is drawn. */
  const readInput = (): Float32Array | null => {
    const ctx = canvas.current!.getContext('2d', { willReadFrequently: true })!;
    const rgba = ctx.getImageData(0, 0, size, size).data;
    const ink = new Float32Array(size * size);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4 + 3]! / 255;
    const input = toMnistInput(ink, size, size);
    const view = preview.current!.getContext('2d')!;
    const img = view.createImageData(28, 28);
    for (let p = 0; p < 784; p++) {
      const v = Math.round(255 * (1 - (input?.[p] ?? 0)));
      img.data.set([v, v, v, 255], p * 4);
    }
    view.putImageData(img, 0, 0);
    return input;
  };

  const recognize = async () => {
    if (busy.current) {
      queued.current = true;
      return;
    }
    const input = readInput();
    if (!input) {
      probs.value = null;
      message.value = s['digit.empty'];
      return;
    }
    busy.current = true;
    try {
      if (!runtime.current) message.value = s['digit.loading'];
      const classifier = await classifierFor(active.value);
      const started = performance.now();
      const out = await classifier.classify(input, 1);
      latency.value = performance.now() - started;
      probs.value = out;
      message.value = '';
    } catch (e) {
      message.value = fill(s['digit.failed'], { message: e instanceof Error ? e.message : String(e) });
    } finally {
      busy.current = false;
    }
    if (queued.current) {
      queued.current = false;
      void recognize();
    }
  };

  const clear = () => {
    canvas.current!.getContext('2d')!.clearRect(0, 0, size, size);
    probs.value = null;
    latency.value = null;
    message.value = '';
    readInput();
  };

  const point = (e: PointerEvent) => {
    const box = canvas.current!.getBoundingClientRect();
    return { x: ((e.clientX - box.left) / box.width) * size, y: ((e.clientY - box.top) / box.height) * size };
  };
  const stroke = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const ctx = canvas.current!.getContext('2d')!;
    ctx.strokeStyle = getComputedStyle(canvas.current!).color;
    ctx.lineWidth = brush;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  };
  const onDown = (e: PointerEvent) => {
    if (e.button !== 0 || drawing.current) return;
    e.preventDefault();
    canvas.current!.setPointerCapture(e.pointerId);
    const p = point(e);
    drawing.current = { id: e.pointerId, ...p };
    stroke(p, p);
    // The first touch starts loading ORT and the model while the reader is still drawing.
    void ensureRuntime().then(() => classifierFor(active.value)).catch(() => {});
  };
  const onMove = (e: PointerEvent) => {
    const last = drawing.current;
    if (!last || last.id !== e.pointerId) return;
    const p = point(e);
    stroke(last, p);
    drawing.current = { id: e.pointerId, ...p };
  };
  const onUp = (e: PointerEvent) => {
    if (drawing.current?.id !== e.pointerId) return;
    drawing.current = null;
    void recognize();
  };

  const showSample = async () => {
    message.value = s['digit.loading'];
    try {
      const { mnistFiles } = await import('../../lib/mnist/assets');
      const { gunzip, parseMnist } = await import('../../lib/mnist/idx');
      const files = mnistFiles(base, 'default', 'test');
      const [images, labels] = await Promise.all(
        [files.images, files.labels].map(async (url) => {
          const response = await fetch(url);
          if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
          return gunzip(new Uint8Array(await response.arrayBuffer()));
        }),
      );
      const set = parseMnist(images!, labels!, 'MNIST test');
      const index = Math.floor(Math.random() * set.count);
      const digit = new OffscreenCanvas(28, 28);
      const img = new ImageData(28, 28);
      const color = getComputedStyle(canvas.current!).color.match(/\d+/g)!.map(Number);
      for (let p = 0; p < 784; p++) img.data.set([color[0]!, color[1]!, color[2]!, set.images[index * 784 + p]!], p * 4);
      digit.getContext('2d')!.putImageData(img, 0, 0);
      const ctx = canvas.current!.getContext('2d')!;
      ctx.clearRect(0, 0, size, size);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(digit, 0, 0, 28, 28, 0, 0, size, size);
      await recognize();
      message.value = fill(s['digit.sample-shown'], { index, label: set.labels[index]! });
    } catch (e) {
      message.value = fill(s['digit.failed'], { message: e instanceof Error ? e.message : String(e) });
    }
  };

  const problemText = (p: ModelProblem): string => {
    switch (p.code) {
      case 'too-large':
        return fill(s['digit.error.too-large'], { size: mb(p.bytes) });
      case 'empty':
        return s['digit.error.empty'];
      case 'not-onnx':
        return fill(s['digit.error.not-onnx'], { detail: p.detail });
      case 'input-count':
      case 'output-count':
        return fill(s[`digit.error.${p.code}`], { count: p.count });
      case 'input-type':
        return fill(s['digit.error.input-type'], { name: p.name, type: p.type });
      case 'input-shape':
      case 'output-shape':
        return fill(s[`digit.error.${p.code}`], { name: p.name, shape: p.shape });
    }
  };

  const loadFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    error.value = '';
    const previous = fileModel.current;
    const { checkModelSize, ModelFileError } = await import('../../lib/onnx/inspect');
    try {
      checkModelSize(file.size);
      fileModel.current = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
      await forget('file');
      await classifierFor('file');
      if (!available.value.includes('file')) available.value = [...available.value, 'file'];
      active.value = 'file';
      message.value = fill(s['digit.file-loaded'], { name: file.name });
      void recognize();
    } catch (e) {
      fileModel.current = previous;
      await forget('file');
      const text = e instanceof ModelFileError ? problemText(e.problem) : fill(s['digit.session-error'], { name: file.name, message: e instanceof Error ? e.message : String(e) });
      error.value = `${file.name}: ${text} ${fill(s['digit.kept'], { model: labelOf(active.value) })}`;
    }
  };

  const choose = (id: ModelId) => {
    active.value = id;
    error.value = '';
    void recognize();
  };

  const compare = async () => {
    const input = readInput();
    if (!input) {
      message.value = s['digit.empty'];
      return;
    }
    comparing.value = true;
    comparison.value = null;
    try {
      const rows = [];
      for (const id of available.value) {
        const classifier = await classifierFor(id);
        for (let i = 0; i < 20; i++) await classifier.classify(input, 1);
        // Rounds of 20: without cross-origin isolation the browser coarsens performance.now() to
        // 0.1 ms, too coarse for one inference; the median round ignores a garbage-collection pause.
        const rounds: number[] = [];
        for (let r = 0; r < 10; r++) {
          const started = performance.now();
          for (let i = 0; i < 20; i++) await classifier.classify(input, 1);
          rounds.push((performance.now() - started) / 20);
        }
        rounds.sort((a, b) => a - b);
        rows.push({ id, ms: (rounds[4]! + rounds[5]!) / 2 });
      }
      comparison.value = rows;
    } catch (e) {
      message.value = fill(s['digit.failed'], { message: e instanceof Error ? e.message : String(e) });
    } finally {
      comparing.value = false;
    }
  };

  // A model handed over by the trainer on this page replaces the current one until the reader goes back.
  useSignalEffect(() => {
    if (!pageModel.value) return;
    void forget('page').then(() => {
      if (!available.value.includes('page')) available.value = [...available.value, 'page'];
      choose('page');
    });
  });

  useEffect(() => {
    readInput();
    return () => {
      void runtime.current?.then((rt) => rt.classifiers.forEach((c) => void c.then((x) => x.release()).catch(() => {})));
    };
  }, []);

  const result = probs.value;
  const top = result ? result.indexOf(Math.max(...result)) : null;
  const shipped = (id: ModelId) => models.find((m) => m.id === id);
  return (
    <section class="island not-content digit" aria-label={s['digit.title']}>
      <div class="digit__layout">
        <div class="digit__pad">
          <canvas
            ref={canvas}
            width={size}
            height={size}
            class="digit__canvas"
            role="img"
            aria-label={s['digit.canvas']}
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={onUp}
          />
          <div class="island__controls">
            <button type="button" onClick={recognize}>
              {s['digit.recognize']}
            </button>
            <button type="button" class="secondary" onClick={clear}>
              {s['digit.clear']}
            </button>
            <button type="button" class="secondary" onClick={showSample}>
              {s['digit.sample']}
            </button>
          </div>
        </div>
        <div class="digit__result">
          <p class="digit__prediction" role="status" aria-live="polite" data-testid="digit-prediction">
            {result && top !== null ? fill(s['digit.prediction'], { digit: top, p: pct(result[top]!) }) : message.value}
          </p>
          {result && message.value && <p class="island__status">{message.value}</p>}
          <figure class="digit__preview">
            <canvas ref={preview} width={28} height={28} aria-hidden="true" />
            <figcaption>{s['digit.input-preview']}</figcaption>
          </figure>
          <figure>
            <figcaption>{s['digit.probabilities']}</figcaption>
            <ol class="digit__bars" data-testid="digit-probabilities">
              {Array.from({ length: 10 }, (_, d) => {
                const p = result?.[d] ?? 0;
                return (
                  <li key={d} class={d === top ? 'top' : ''}>
                    <span class="digit__bar-label">{d}</span>
                    <span class="digit__bar">
                      <span style={{ width: `${100 * p}%` }} />
                    </span>
                    <span class="num">{result ? `${pct(p)}%` : '–'}</span>
                  </li>
                );
              })}
            </ol>
          </figure>
          <p class="island__status" data-testid="digit-latency">
            {latency.value !== null ? fill(s['digit.latency'], { ms: latency.value.toFixed(2) }) : ''}
          </p>
          {providerLine.value && (
            <p class="island__status" data-testid="digit-provider">
              {providerLine.value}
            </p>
          )}
        </div>
      </div>
      <fieldset class="digit__models">
        <legend>{s['digit.model']}</legend>
        {available.value.map((id) => (
          <label key={id}>
            <input type="radio" name="digit-model" value={id} checked={active.value === id} onChange={() => choose(id)} />
            {labelOf(id)}
          </label>
        ))}
        <label class="digit__file">
          {s['digit.load-file']}
          <input type="file" accept=".onnx,application/octet-stream" onChange={(e) => void loadFile(e.currentTarget)} />
        </label>
        {(active.value === 'page' || active.value === 'file') && (
          <p class="island__status">
            {active.value === 'page' ? fill(s['digit.using-page'], { accuracy: acc(pageModel.value?.testAccuracy ?? 0) }) : s['digit.using-file']}{' '}
            <button type="button" class="secondary" onClick={() => choose('float')}>
              {s['digit.back']}
            </button>
          </p>
        )}
        {error.value && (
          <p class="digit__error" role="alert">
            {error.value}
          </p>
        )}
      </fieldset>
      <div class="island__controls">
        <button type="button" class="secondary" onClick={compare} disabled={comparing.value}>
          {comparing.value ? s['digit.compare-running'] : s['digit.compare']}
        </button>
      </div>
      <div class="island__scroll">
        <table data-testid="digit-compare">
          <caption>{s['digit.compare-title']}</caption>
          <thead>
            <tr>
              <th scope="col">{s['digit.model']}</th>
              <th scope="col" class="num">{s['digit.size']}</th>
              <th scope="col" class="num">{s['digit.accuracy']}</th>
              <th scope="col" class="num">{s['digit.latency-median']}</th>
            </tr>
          </thead>
          <tbody>
            {available.value.map((id) => {
              const m = shipped(id);
              const measured = comparison.value?.find((c) => c.id === id);
              return (
                <tr key={id}>
                  <th scope="row">{labelOf(id)}</th>
                  <td class="num">{m ? mb(m.bytes) : id === 'page' && pageModel.value ? mb(pageModel.value.bytes.byteLength) : fileModel.current ? mb(fileModel.current.bytes.byteLength) : '–'}</td>
                  <td class="num">{m ? `${acc(m.testAccuracy)}%` : id === 'page' && pageModel.value ? `${acc(pageModel.value.testAccuracy)}%` : '–'}</td>
                  <td class="num">{measured ? `${measured.ms.toFixed(3)} ms` : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
