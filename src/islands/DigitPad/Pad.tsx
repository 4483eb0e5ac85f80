import { untracked, useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { mayPrefetch } from '../../browser/connection';
import { DownloadError } from '../../lib/download';
import Action from '../shared/Action';
import DownloadProgress, { type Download } from '../shared/DownloadProgress';
import { fill } from '../shared/fill';
import { pageModel } from '../shared/model-store';
import { watchTheme } from '../shared/theme';
import Bars, { readingText } from './Bars';
import { medianLatency, useClassifiers, type OrtBinaryBytes } from './classifiers';
import { canvasPoint, dot, drawDigitImage, padSize, readDrawing, recolor, stroke } from './drawing';
import { ModelTimeoutError } from './file-model';
import LatencyTable from './LatencyTable';
import ModelPicker from './ModelPicker';
import { fileAccuracy } from './ScalingPicker';
import { initialPadState, reducePad, type ModelId, type PadEvent, type PadState } from './state';
import { nonFinite, useFileModel } from './useFileModel';
import type { DownloadStrings } from '../shared/strings';
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
  strings: DigitStrings & DownloadStrings;
  base: string;
  models: ShippedModel[];
  /** the shipped model to start with (state.ts: homeModel) */
  home: ShippedModel['id'];
  ortBytes: OrtBinaryBytes;
}

/** How long the pad stays in view before its files are fetched without being asked (where mayPrefetch allows). */
const viewDwellMs = 3000;

/** Draw a digit; the model the reader picked (shipped, trained on the page, or their own file) reads it with onnxruntime-web. */
export default function Pad({ strings: s, base, models, home, ortBytes }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const state = useSignal<PadState>(initialPadState(home));
  const dispatch = (event: PadEvent) => (state.value = reducePad(state.value, event));
  const { classifierFor, download, forget, isOpen, keep, loaded, providerLine, quickFor, releaseAll } = useClassifiers(s, base, models, ortBytes);
  const { file, load: loadFile, setScaling, cancel: cancelFile } = useFileModel(base, ortBytes.wasm, dispatch, (c) => keep('file', c), () => void recognize());
  // The test digits' download for "Draw a test digit" (a failure shows in the prediction line; the button retries).
  const digits = useSignal<Download | null>(null);
  const pen = useRef<{ id: number; x: number; y: number } | null>(null);
  const busy = useRef(false);
  const queued = useRef(false);

  const label = (id: ModelId): string =>
    id === 'float' ? s['digit.model-float'] : id === 'int8' ? s['digit.model-int8'] : id === 'page' ? s['digit.model-page'] : fill(s['digit.model-file'], { name: file.value?.name ?? '' });

  const recognize = async (): Promise<void> => {
    if (busy.current) {
      queued.current = true;
      return;
    }
    const input = readDrawing(canvas.current!, preview.current!);
    if (!input) {
      dispatch({ type: 'reading', reading: { kind: 'empty' } });
      return;
    }
    busy.current = true;
    const model = state.value.active;
    try {
      if (!loaded()) dispatch({ type: 'reading', reading: { kind: 'loading' } });
      const viaOrt = classifierFor(model);
      const ortAnswer = viaOrt.then((c) => ({ classifier: c, by: 'ort' as const }));
      // While ORT downloads (or where its download failed), our own models answer in JavaScript as
      // soon as their file is in; a failure is ORT's when both fail.
      const quick = isOpen(model) ? null : quickFor(model);
      const { classifier, by } = quick
        ? await Promise.any([ortAnswer, quick.then((c) => ({ classifier: c, by: 'js' as const }))]).catch((e: AggregateError) => Promise.reject(e.errors[0]))
        : await ortAnswer;
      const started = performance.now();
      const probs = await classifier.classify(input, 1);
      const ms = performance.now() - started;
      if (state.value.active === model) dispatch({ type: 'reading', reading: { kind: 'prediction', probs, ms, by } });
      // …and ORT, once it is here, reads the same drawing again: the demo is of ONNX Runtime.
      if (by === 'js') {
        viaOrt.then(
          () => {
            const shown = state.value.reading;
            if (state.value.active === model && shown.kind === 'prediction' && shown.by === 'js') void recognize();
          },
          () => {},
        );
      }
    } catch (e) {
      const value = nonFinite(e);
      // A download that failed is told, with a retry, by the progress bar's place.
      if (e instanceof DownloadError || (e instanceof DOMException && e.name === 'AbortError')) dispatch({ type: 'reading', reading: { kind: 'idle' } });
      else if (value) dispatch({ type: 'reading', reading: { kind: 'not-finite', value, model } });
      else if (e instanceof ModelTimeoutError) {
        // Its worker is gone, and the same file would hang again: back to the shipped model.
        forget(model);
        dispatch({ type: 'file-lost', seconds: e.seconds });
      } else dispatch({ type: 'reading', reading: { kind: 'failed', message: e instanceof Error ? e.message : String(e) } });
    } finally {
      busy.current = false;
    }
    if (queued.current) {
      queued.current = false;
      void recognize();
    }
  };

  const load = () => void classifierFor(state.value.active).catch(() => {});
  /**
   * Start loading the model in use (and ORT) at the first sign of intent, so the first answer waits
   * less. Not after a failed download: its message and Try again button stay until the reader acts
   * (focus moving to that button must not replace it).
   */
  const prefetch = () => {
    if (download.value?.kind !== 'failed') load();
  };

  const retry = () => {
    load();
    if (readDrawing(canvas.current!, preview.current!)) void recognize();
  };

  const choose = (id: ModelId) => {
    dispatch({ type: 'choose', id });
    void recognize();
  };

  const clear = () => {
    canvas.current!.getContext('2d')!.clearRect(0, 0, padSize, padSize);
    readDrawing(canvas.current!, preview.current!);
    dispatch({ type: 'reading', reading: { kind: 'idle' } });
  };

  const onDown = (e: PointerEvent) => {
    if (e.button !== 0 || pen.current) return;
    e.preventDefault();
    canvas.current!.setPointerCapture(e.pointerId);
    const p = canvasPoint(canvas.current!, e);
    pen.current = { id: e.pointerId, ...p };
    dot(canvas.current!, p);
    // The first touch starts loading ORT and the model while the reader is still drawing.
    prefetch();
  };
  const onMove = (e: PointerEvent) => {
    const last = pen.current;
    if (!last || last.id !== e.pointerId) return;
    const p = canvasPoint(canvas.current!, e);
    stroke(canvas.current!, last, p);
    pen.current = { id: e.pointerId, ...p };
  };
  const onUp = (e: PointerEvent) => {
    if (pen.current?.id !== e.pointerId) return;
    pen.current = null;
    void recognize();
  };

  const showSample = async () => {
    dispatch({ type: 'reading', reading: { kind: 'loading-digits' } });
    const heard = { loaded: 0, total: 0 };
    try {
      const { loadMnist } = await import('../../lib/mnist/load');
      const { set } = await loadMnist(base, 'default', 'test', ({ bytes, size }) => {
        heard.loaded += bytes;
        heard.total += size;
        if (heard.total > 0) digits.value = { kind: 'running', ...heard };
      });
      digits.value = null;
      const index = Math.floor(Math.random() * set.count);
      drawDigitImage(canvas.current!, set.images.subarray(index * 784, (index + 1) * 784));
      await recognize();
      dispatch({ type: 'note', note: { key: 'sample-shown', index, label: set.labels[index]! } });
    } catch (e) {
      digits.value = null;
      dispatch({ type: 'reading', reading: { kind: 'failed', message: e instanceof Error ? e.message : String(e) } });
    }
  };

  const compare = async () => {
    const input = readDrawing(canvas.current!, preview.current!);
    if (!input) {
      dispatch({ type: 'reading', reading: { kind: 'empty' } });
      return;
    }
    dispatch({ type: 'compare-start' });
    try {
      const rows = [];
      for (const id of state.value.available) rows.push({ id, ms: await medianLatency(await classifierFor(id), input) });
      dispatch({ type: 'compare-done', rows });
    } catch (e) {
      dispatch({ type: 'compare-failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  // A model handed over by the trainer on this page replaces the current one until the reader goes back.
  // Only the hand-over triggers it: the state it changes must not re-run it.
  useSignalEffect(() => {
    if (!pageModel.value) return;
    untracked(() => {
      forget('page');
      dispatch({ type: 'model-added', id: 'page' });
      choose('page');
    });
  });

  // In view for a while, on a connection that allows it: the reader is looking at the demo.
  useEffect(() => {
    if (!mayPrefetch()) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new IntersectionObserver(
      ([entry]) => {
        clearTimeout(timer);
        if (entry?.isIntersecting) timer = setTimeout(prefetch, viewDwellMs);
      },
      { threshold: 0.5 },
    );
    observer.observe(canvas.current!);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }, []);

  // The ink is the theme's text colour on its background: in the other theme the old ink would not show.
  useEffect(() => watchTheme(() => recolor(canvas.current!)), []);

  useEffect(() => {
    readDrawing(canvas.current!, preview.current!);
    return () => {
      cancelFile();
      releaseAll();
    };
  }, []);

  const st = state.value;
  const reading = st.reading;
  const note = st.note;
  return (
    <section class="island not-content digit" aria-label={s['digit.title']} onFocusIn={prefetch}>
      <div class="digit__layout">
        <div class="digit__pad">
          <canvas
            ref={canvas}
            width={padSize}
            height={padSize}
            class="digit__canvas"
            role="img"
            aria-label={s['digit.canvas']}
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={onUp}
          />
          <div class="island__controls">
            <Action onClick={() => void recognize()}>{s['digit.recognize']}</Action>
            <Action secondary onClick={clear}>
              {s['digit.clear']}
            </Action>
            <Action secondary onClick={() => void showSample()}>
              {s['digit.sample']}
            </Action>
          </div>
        </div>
        <div class="digit__result">
          <p class="digit__prediction" role="status" aria-live="polite" data-testid="digit-prediction">
            {readingText(s, reading, label)}
          </p>
          {download.value && <DownloadProgress strings={s} what={s['digit.download']} download={download.value} onRetry={retry} />}
          {digits.value && <DownloadProgress strings={s} what={s['digit.digits-download']} download={digits.value} onRetry={() => void showSample()} />}
          {note && (
            <p class="island__status">{note.key === 'sample-shown' ? fill(s['digit.sample-shown'], { index: note.index, label: note.label }) : fill(s['digit.file-loaded'], { name: note.name })}</p>
          )}
          <figure class="digit__preview">
            <canvas ref={preview} width={28} height={28} aria-hidden="true" />
            <figcaption>{s['digit.input-preview']}</figcaption>
          </figure>
          <Bars strings={s} reading={reading} />
          <p class="island__status" data-testid="digit-latency">
            {reading.kind === 'prediction' ? fill(s[reading.by === 'js' ? 'digit.latency-js' : 'digit.latency'], { ms: reading.ms.toFixed(2) }) : ''}
          </p>
          {providerLine.value && (
            <p class="island__status" data-testid="digit-provider">
              {providerLine.value}
            </p>
          )}
        </div>
      </div>
      <ModelPicker
        strings={s}
        state={st}
        label={label}
        pageAccuracy={pageModel.value?.testAccuracy ?? null}
        onChoose={choose}
        onFile={(input) => void loadFile(input)}
        onCancel={cancelFile}
        onScaling={(scaling) => void setScaling(scaling)}
      />
      <div class="island__controls">
        <Action secondary onClick={() => void compare()} disabled={st.comparing}>
          {st.comparing ? s['digit.compare-running'] : s['digit.compare']}
        </Action>
      </div>
      <LatencyTable
        strings={s}
        state={st}
        shipped={models}
        extra={{
          ...(pageModel.value ? { page: { bytes: pageModel.value.bytes.byteLength, testAccuracy: pageModel.value.testAccuracy } } : {}),
          ...(file.value ? { file: { bytes: file.value.bytes, ...fileAccuracy(st) } } : {}),
        }}
        label={label}
      />
    </section>
  );
}
