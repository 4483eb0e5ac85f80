import { useSignal } from '@preact/signals';
import { proxy, wrap, type Remote } from 'comlink';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { TfBackend } from '../../lib/backend/choose';
import type { BatchProgress, EpochResult } from '../../lib/mnist/train';
import type { MnistCallbacks, MnistOutcome, MnistTrainerApi } from '../../workers/mnist-trainer.worker';
import { createNumberField } from '../shared/field';
import type { LineChart } from '../shared/line-chart';
import { pageModel } from '../shared/model-store';
import NumberInput from '../shared/NumberInput';
import { fill } from '../shared/fill';
import type { FieldStrings } from '../shared/strings';
import type { MnistStrings } from './strings';
import '../shared/islands.css';
import './mnist.css';

interface Props {
  strings: MnistStrings & FieldStrings;
  base: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  trainCount: number;
}

type Phase = 'idle' | 'loading' | 'running' | 'paused' | 'done' | 'stopped' | 'failed';
const backendNames: Record<TfBackend, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU (JavaScript)' };
const pct = (v: number) => (100 * v).toFixed(2);

/** Trains the article's 784-256-128-10 network on real MNIST in a Web Worker, with live charts. */
export default function Trainer({ strings: s, base, epochs, batchSize, learningRate, trainCount }: Props) {
  const fields = useMemo(
    () => ({
      epochs: createNumberField(epochs, { min: 1, max: 50, integer: true }, s),
      batch: createNumberField(batchSize, { min: 1, max: 1000, integer: true }, s),
      lr: createNumberField(learningRate, { min: 0, max: 1, exclusiveMin: true }, s),
      count: createNumberField(trainCount, { min: 100, max: 60_000, integer: true }, s),
    }),
    [],
  );
  const override = useSignal<TfBackend | ''>('');
  const phase = useSignal<Phase>('idle');
  const status = useSignal(s['mnist.idle']);
  // What a screen reader hears: every status change except the per-batch progress, plus one line per epoch.
  const announcement = useSignal('');
  const backendLine = useSignal('');
  const notices = useSignal<string[]>([]);
  const progress = useSignal({ done: 0, total: 1, speed: 0, tensors: 0, eta: '' });
  const history = useSignal<(EpochResult & { backend: TfBackend })[]>([]);
  const outcome = useSignal<MnistOutcome | null>(null);
  const comparison = useSignal<{ backend: TfBackend; samplesPerSecond: number | null; error?: string }[] | null>(null);
  const worker = useRef<{ raw: Worker; api: Remote<MnistTrainerApi> } | null>(null);
  const lossBox = useRef<HTMLDivElement>(null);
  const accBox = useRef<HTMLDivElement>(null);
  const charts = useRef<{ loss?: LineChart; acc?: LineChart }>({});
  const series = useRef({ steps: [] as number[], smooth: [] as (number | null)[], epochLoss: [] as (number | null)[] });
  const samples = useRef<HTMLDivElement>(null);
  const exportNote = useSignal('');
  /** Show a status line; announce it too unless it is batch-by-batch progress. */
  const setStatus = (text: string, announce = true) => {
    status.value = text;
    if (announce) announcement.value = text;
  };

  // Leaving the page (or the island) ends training: the worker goes with the component.
  useEffect(
    () => () => {
      worker.current?.raw.terminate();
      charts.current.loss?.destroy();
      charts.current.acc?.destroy();
    },
    [],
  );

  // Draw the sample digits once a run has produced predictions.
  useEffect(() => {
    const result = outcome.value;
    if (!result || !samples.current) return;
    samples.current.querySelectorAll('canvas').forEach((canvas, i) => {
      const ctx = canvas.getContext('2d')!;
      const img = ctx.createImageData(28, 28);
      for (let p = 0; p < 784; p++) {
        const v = 255 - result.sampleImages[i * 784 + p]!;
        img.data.set([v, v, v, 255], p * 4);
      }
      ctx.putImageData(img, 0, 0);
    });
  }, [outcome.value]);

  const ensureWorker = () => {
    if (!worker.current) {
      const raw = new Worker(new URL('../../workers/mnist-trainer.worker.ts', import.meta.url), { type: 'module' });
      // An error nothing in the worker caught (or a worker that failed to load) ends it: drop it,
      // keep what the page shows, and let Start begin again with a fresh worker.
      raw.addEventListener('error', (event) => {
        event.preventDefault();
        if (worker.current?.raw !== raw) return;
        raw.terminate();
        worker.current = null;
        phase.value = 'failed';
        setStatus(fill(s['mnist.crashed'], { message: event.message || s['mnist.unknown-error'] }));
      });
      worker.current = { raw, api: wrap<MnistTrainerApi>(raw) };
    }
    return worker.current;
  };

  const invalid = Object.values(fields).some((f) => f.error.value);
  const busy = phase.value === 'loading' || phase.value === 'running' || phase.value === 'paused';

  const drawCharts = async () => {
    const { showLineChart } = await import('../shared/line-chart');
    charts.current.loss = showLineChart(
      charts.current.loss,
      lossBox.current,
      {
        xLabel: s['mnist.step'],
        yLabel: s['mnist.loss'],
        series: [
          { label: s['mnist.batch-loss'], colorVar: '--sl-color-text-accent' },
          { label: s['mnist.epoch-loss'], colorVar: '--sl-color-orange', points: true },
        ],
      },
      [series.current.steps, series.current.smooth, series.current.epochLoss],
    );
    charts.current.acc = showLineChart(
      charts.current.acc,
      accBox.current,
      {
        xLabel: s['mnist.epoch'],
        yLabel: s['mnist.accuracy'],
        series: [
          { label: s['mnist.train-acc'], colorVar: '--sl-color-text-accent', points: true },
          { label: s['mnist.test-acc'], colorVar: '--sl-color-orange', points: true },
        ],
        yTicks: (v) => `${v.toFixed(1)}%`,
      },
      [history.value.map((h) => h.epoch), history.value.map((h) => 100 * h.trainAccuracy), history.value.map((h) => 100 * h.testAccuracy)],
    );
  };

  const start = async () => {
    if (invalid || busy) return;
    const instance = ensureWorker();
    const { api } = instance;
    // Progress the worker posted before it crashed can still arrive after it was ended; it must not
    // overwrite the crash message (or anything else a later run shows).
    const live = () => worker.current === instance;
    phase.value = 'loading';
    notices.value = [];
    outcome.value = null;
    exportNote.value = '';
    history.value = [];
    series.current = { steps: [], smooth: [], epochLoss: [] };
    const total = fields.epochs.value.value * Math.floor(Math.min(fields.count.value.value, 60_000) / fields.batch.value.value);
    progress.value = { done: 0, total, speed: 0, tensors: 0, eta: '' };
    const started = performance.now();
    let ema: number | null = null;
    const callbacks: MnistCallbacks = {
      onStatus(st) {
        if (!live()) return;
        if (st.kind === 'loading-data') setStatus(s['mnist.loading-data']);
        if (st.kind === 'data-ready') setStatus(fill(s['mnist.data-ready'], { mb: ((st.bytes ?? 0) / 1024 / 1024).toFixed(1) }));
        if (st.kind === 'backend' && st.backend && st.choice) {
          phase.value = 'running';
          backendLine.value = fill(s['mnist.backend-using'], {
            backend: backendNames[st.backend],
            reason: s[`mnist.reason.${st.choice.reason}`],
          });
        }
      },
      onFallback(f) {
        if (!live()) return;
        notices.value = [...notices.value, fill(s['mnist.fallback'], { from: backendNames[f.from], to: backendNames[f.to], message: f.message, epoch: f.epoch })];
      },
      onBatch(p: BatchProgress & { backend: TfBackend }) {
        if (!live()) return;
        const done = (p.epoch - 1) * p.stepsPerEpoch + p.step;
        ema = ema === null ? p.loss : 0.8 * ema + 0.2 * p.loss;
        series.current.steps.push(done);
        series.current.smooth.push(ema);
        series.current.epochLoss.push(null);
        const elapsed = (performance.now() - started) / 1000;
        const left = done > 0 ? (elapsed / done) * (total - done) : 0;
        progress.value = { done, total, speed: p.samplesPerSecond, tensors: p.numTensors, eta: left >= 60 ? `${Math.round(left / 60)} min` : `${Math.round(left)} s` };
        if (phase.value !== 'paused') setStatus(fill(s['mnist.running'], { epoch: p.epoch, epochs: fields.epochs.value.value, step: p.step, steps: p.stepsPerEpoch }), false);
        void drawCharts();
      },
      onEpoch(r) {
        if (!live()) return;
        history.value = [...history.value, r];
        announcement.value = fill(s['mnist.epoch-done'], { epoch: r.epoch, epochs: fields.epochs.value.value, accuracy: pct(r.testAccuracy) });
        const last = series.current.steps.length - 1;
        if (last >= 0) series.current.epochLoss[last] = r.trainLoss;
        void drawCharts();
      },
    };
    try {
      const result = await api.run(
        {
          base,
          epochs: fields.epochs.value.value,
          batchSize: fields.batch.value.value,
          learningRate: fields.lr.value.value,
          trainCount: fields.count.value.value,
          seed: 0,
          override: override.value || undefined,
        },
        proxy(callbacks),
      );
      outcome.value = result;
      phase.value = result.stopped ? 'stopped' : 'done';
      setStatus(result.stopped ? fill(s['mnist.stopped'], { accuracy: pct(result.testAccuracy) }) : fill(s['mnist.finished'], { accuracy: pct(result.testAccuracy) }));
    } catch (error) {
      worker.current?.raw.terminate();
      worker.current = null;
      phase.value = 'failed';
      setStatus(fill(s['mnist.failed'], { message: error instanceof Error ? error.message : String(error) }));
    }
  };

  const togglePause = () => {
    const api = worker.current?.api;
    if (!api) return;
    if (phase.value === 'paused') {
      void api.resume();
      phase.value = 'running';
    } else {
      void api.pause();
      phase.value = 'paused';
      setStatus(s['mnist.paused']);
    }
  };

  const exportModel = async (use: boolean) => {
    const api = worker.current?.api;
    const result = outcome.value;
    if (!api || !result) return;
    try {
      const bytes = await api.exportOnnx();
      if (use) {
        pageModel.value = { bytes, testAccuracy: result.testAccuracy, epochs: result.history.length };
        exportNote.value = s['mnist.used-here'];
        return;
      }
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: 'mnist-mlp-trained.onnx' });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      exportNote.value = fill(s['mnist.export-failed'], { message: error instanceof Error ? error.message : String(error) });
    }
  };

  const compare = async () => {
    if (busy) return;
    comparison.value = null;
    setStatus(s['mnist.compare-running']);
    phase.value = 'loading';
    try {
      comparison.value = await ensureWorker().api.compare(base, 20, 100);
      phase.value = 'idle';
      setStatus(s['mnist.idle']);
    } catch (error) {
      phase.value = 'failed';
      setStatus(fill(s['mnist.failed'], { message: error instanceof Error ? error.message : String(error) }));
    }
  };

  const p = progress.value;
  const result = outcome.value;
  return (
    <section class="island not-content mnist" aria-label={s['mnist.title']}>
      <div class="island__controls">
        <NumberInput field={fields.epochs} id="mnist-epochs" label={s['mnist.epochs']} inputMode="numeric" />
        <NumberInput field={fields.batch} id="mnist-batch" label={s['mnist.batch-size']} inputMode="numeric" />
        <NumberInput field={fields.lr} id="mnist-lr" label={s['mnist.learning-rate']} />
        <NumberInput field={fields.count} id="mnist-count" label={s['mnist.train-count']} inputMode="numeric" />
        <div class="nf">
          <label class="nf__label" for="mnist-backend">
            {s['mnist.backend']}
          </label>
          <select id="mnist-backend" class="nf__input" value={override.value} disabled={busy} onChange={(e) => (override.value = (e.currentTarget as HTMLSelectElement).value as TfBackend | '')}>
            <option value="">{s['mnist.backend-auto']}</option>
            {(Object.keys(backendNames) as TfBackend[]).map((b) => (
              <option key={b} value={b}>
                {backendNames[b]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {fields.count.value.value > 10_000 && <p class="island__status">{s['mnist.full-data-note']}</p>}
      <div class="island__controls">
        <button type="button" onClick={start} disabled={invalid || busy}>
          {s['mnist.start']}
        </button>
        <button type="button" class="secondary" onClick={togglePause} disabled={phase.value !== 'running' && phase.value !== 'paused'}>
          {phase.value === 'paused' ? s['mnist.resume'] : s['mnist.pause']}
        </button>
        <button type="button" class="secondary" onClick={() => worker.current?.api.stop()} disabled={!busy}>
          {s['mnist.stop']}
        </button>
        <button type="button" class="secondary" onClick={compare} disabled={busy}>
          {s['mnist.compare']}
        </button>
      </div>
      <p class="island__status" data-testid="mnist-status">
        {status.value}
      </p>
      <p class="sr-only" role="status">
        {announcement.value}
      </p>
      {backendLine.value && (
        <p class="island__status" data-testid="mnist-backend">
          {backendLine.value}
        </p>
      )}
      {notices.value.map((n) => (
        <p class="mnist__notice" role="alert" key={n}>
          {n}
        </p>
      ))}
      <div class="mnist__progress">
        <progress max={p.total} value={p.done} aria-label={s['mnist.progress']} />
        <span data-testid="mnist-speed">{p.speed ? fill(s['mnist.speed'], { speed: Math.round(p.speed) }) : ''}</span>
        <span>{p.eta && phase.value === 'running' ? fill(s['mnist.eta'], { time: p.eta }) : ''}</span>
        <span data-testid="mnist-tensors">{p.tensors ? fill(s['mnist.tensors'], { count: p.tensors }) : ''}</span>
      </div>
      <div class="mnist__charts">
        <figure>
          <figcaption>{s['mnist.loss-chart']}</figcaption>
          <div ref={lossBox} class="mnist__chart" />
        </figure>
        <figure>
          <figcaption>{s['mnist.acc-chart']}</figcaption>
          <div ref={accBox} class="mnist__chart" />
        </figure>
      </div>
      {history.value.length > 0 && (
        <div class="island__scroll">
          <table data-testid="mnist-history">
            <thead>
              <tr>
                <th scope="col">{s['mnist.epoch']}</th>
                <th scope="col" class="num">{s['mnist.loss']}</th>
                <th scope="col" class="num">{s['mnist.train-acc']}</th>
                <th scope="col" class="num">{s['mnist.test-acc']}</th>
                <th scope="col" class="num">{s['mnist.seconds']}</th>
                <th scope="col">{s['mnist.backend']}</th>
              </tr>
            </thead>
            <tbody>
              {history.value.map((h) => (
                <tr key={h.epoch}>
                  <th scope="row">{h.epoch}</th>
                  <td class="num">{h.trainLoss.toFixed(4)}</td>
                  <td class="num">{pct(h.trainAccuracy)}%</td>
                  <td class="num">{pct(h.testAccuracy)}%</td>
                  <td class="num">{h.seconds.toFixed(1)}</td>
                  <td>{backendNames[h.backend]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && (
        <>
          <div class="island__controls">
            <button type="button" class="secondary" onClick={() => void exportModel(false)}>
              {s['mnist.export']}
            </button>
            <button type="button" class="secondary" onClick={() => void exportModel(true)}>
              {s['mnist.use-here']}
            </button>
          </div>
          {exportNote.value && (
            <p class="island__status" role="status" data-testid="mnist-export-note">
              {exportNote.value}
            </p>
          )}
          <h4>{s['mnist.samples']}</h4>
          <div class="mnist__samples" ref={samples}>
            {Array.from({ length: 24 }, (_, i) => {
              const wrong = result.predictions[i] !== result.labels[i];
              return (
                <figure key={i} class={wrong ? 'wrong' : ''} data-wrong={wrong ? 'true' : undefined}>
                  <canvas width={28} height={28} aria-hidden="true" />
                  <figcaption>
                    {s['mnist.predicted']} {result.predictions[i]} · {s['mnist.actual']} {result.labels[i]}
                  </figcaption>
                </figure>
              );
            })}
          </div>
          <div class="island__scroll">
            <table class="mnist__confusion" data-testid="mnist-confusion">
              <caption>{s['mnist.confusion']}</caption>
              <thead>
                <tr>
                  <th scope="col" />
                  {Array.from({ length: 10 }, (_, d) => (
                    <th scope="col" class="num" key={d}>
                      {d}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.confusion.map((row, t) => (
                  <tr key={t}>
                    <th scope="row">{t}</th>
                    {row.map((n, q) => (
                      <td key={q} class={`num${q === t ? ' diag' : n > 0 ? ' off' : ''}`}>
                        {n}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {comparison.value && (
        <div class="island__scroll">
          <table data-testid="mnist-compare">
            <caption>{s['mnist.compare-title']}</caption>
            <thead>
              <tr>
                <th scope="col">{s['mnist.backend']}</th>
                <th scope="col" class="num">{s['mnist.samples-per-second']}</th>
              </tr>
            </thead>
            <tbody>
              {comparison.value.map((c) => (
                <tr key={c.backend}>
                  <th scope="row">{backendNames[c.backend]}</th>
                  <td class="num">{c.samplesPerSecond ? Math.round(c.samplesPerSecond) : `${s['mnist.unavailable']}${c.error ? ` (${c.error})` : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
