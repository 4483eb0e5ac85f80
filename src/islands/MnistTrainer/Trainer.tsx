import { useSignal } from '@preact/signals';
import { proxy } from 'comlink';
import { useMemo, useRef } from 'preact/hooks';
import { engineIds, type EngineId } from '../../lib/training/engine';
import type { CompareDownload, MnistCallbacks } from '../../workers/mnist-trainer.protocol';
import type { MnistTrainerApi } from '../../workers/mnist-trainer.worker';
import Action from '../shared/Action';
import { createNumberField } from '../shared/field';
import { fill } from '../shared/fill';
import { engineNames } from '../shared/engine-names';
import { formatDuration } from '../shared/format';
import { pageModel } from '../shared/model-store';
import DownloadProgress from '../shared/DownloadProgress';
import type { DownloadStrings, FieldStrings } from '../shared/strings';
import TrainingCharts from '../shared/TrainingCharts';
import { LossSeries } from '../shared/training-series';
import { useUrlSettings } from '../shared/useUrlSettings';
import { useWorker } from '../shared/useWorker';
import Comparison from './Comparison';
import History from './History';
import Outcome from './Outcome';
import Settings from './Settings';
import { defaultSubsetSize, settingRules, type RunSettings } from './settings';
import { initialState, isBusy, isRunning, reduce, type Message, type TrainerEvent, type TrainerState } from './state';
import type { MnistStrings } from './strings';
import '../shared/islands.css';
import './mnist.css';

interface Props extends RunSettings {
  strings: MnistStrings & FieldStrings & DownloadStrings;
  /** the page's language, for numbers and durations */
  lang: string;
  base: string;
}

/** Steps per engine of "Compare backends"; `?compare-steps=N` on the page asks for more (npm run bench:train). */
function compareSteps(): number {
  const asked = typeof location === 'undefined' ? NaN : Number(new URLSearchParams(location.search).get('compare-steps'));
  return Number.isInteger(asked) && asked >= 5 && asked <= 1000 ? asked : 20;
}
const compareBatch = 100;
const backendOptions = ['', ...engineIds] as const;

/** Trains the article's 784-256-128-10 network on real MNIST in a Web Worker, with live charts. */
export default function Trainer({ strings: s, lang, base, ...initial }: Props) {
  const fields = useMemo(
    () => ({
      epochs: createNumberField(initial.epochs, settingRules.epochs, s),
      batchSize: createNumberField(initial.batchSize, settingRules.batchSize, s),
      learningRate: createNumberField(initial.learningRate, settingRules.learningRate, s),
      trainCount: createNumberField(initial.trainCount, settingRules.trainCount, s),
    }),
    [],
  );
  const override = useSignal<EngineId | ''>('');
  const backendRefused = useSignal<string | null>(null);
  useUrlSettings('mnist', {
    epochs: fields.epochs,
    batch: fields.batchSize,
    lr: fields.learningRate,
    count: fields.trainCount,
    backend: { value: override, options: backendOptions, refused: backendRefused },
  });
  const state = useSignal<TrainerState>(initialState);
  const dispatch = (event: TrainerEvent) => (state.value = reduce(state.value, event));
  const series = useRef(new LossSeries());
  const exportNote = useSignal('');
  const steps = useMemo(compareSteps, []);
  const worker = useWorker<MnistTrainerApi>(
    () => new Worker(new URL('../../workers/mnist-trainer.worker.ts', import.meta.url), { type: 'module' }),
    (message) => dispatch({ type: 'crashed', message: message || s['mnist.unknown-error'] }),
  );

  const st = state.value;
  const values = { epochs: fields.epochs.value.value, batchSize: fields.batchSize.value.value, learningRate: fields.learningRate.value.value, trainCount: fields.trainCount.value.value };
  const batchProblem = values.batchSize > values.trainCount ? fill(s['mnist.batch-too-large'], { count: values.trainCount }) : null;
  const invalid = Object.values(fields).some((f) => f.error.value) || batchProblem !== null;
  const running = isRunning(st);
  const busy = isBusy(st);
  const text = (m: Message | NonNullable<TrainerState['announcement']>) => fill(s[`mnist.${m.key}`], m.values ?? {});

  const start = async () => {
    if (invalid || busy) return;
    const run: RunSettings = { ...values };
    dispatch({ type: 'start', run });
    exportNote.value = '';
    series.current = new LossSeries();
    const handle = worker.ensure();
    // Progress an ended worker posted (before a crash) must not overwrite what a later run shows.
    const live = () => worker.isLive(handle);
    const started = performance.now();
    const callbacks: MnistCallbacks = {
      onStatus: (status) => live() && dispatch({ type: 'status', status }),
      onFallback: (fallback) => live() && dispatch({ type: 'fallback', fallback }),
      onBatch: (progress) => {
        if (!live()) return;
        series.current.add((progress.epoch - 1) * progress.stepsPerEpoch + progress.step, progress.loss);
        dispatch({ type: 'batch', progress, elapsedSeconds: (performance.now() - started) / 1000 });
      },
      onHeld: (at) => live() && dispatch({ type: 'held', at }),
      onEpoch: (result) => {
        if (!live()) return;
        series.current.endEpoch(result.trainLoss);
        dispatch({ type: 'epoch', result });
      },
    };
    try {
      const outcome = await handle.api.run({ base, ...run, seed: 0, override: override.value || undefined }, proxy(callbacks));
      if (live()) dispatch({ type: 'finished', outcome });
    } catch (error) {
      if (!live()) return;
      worker.discard();
      dispatch({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const togglePause = () => {
    const api = worker.current?.api;
    if (!api) return;
    if (st.phase === 'paused') {
      void api.resume();
      dispatch({ type: 'resume' });
    } else {
      void api.pause();
      dispatch({ type: 'pause' });
    }
  };

  const stop = () => {
    void worker.current?.api.stop();
    dispatch({ type: 'stop' });
  };

  const compare = async () => {
    if (busy) return;
    dispatch({ type: 'compare-start' });
    const handle = worker.ensure();
    try {
      const onDownload = (download: CompareDownload) => worker.isLive(handle) && dispatch({ type: 'compare-download', download });
      const comparison = await handle.api.compare(base, steps, compareBatch, proxy(onDownload));
      if (worker.isLive(handle)) dispatch({ type: 'compare-done', comparison });
    } catch (error) {
      if (worker.isLive(handle)) dispatch({ type: 'compare-failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const exportModel = async (use: boolean) => {
    const api = worker.current?.api;
    const result = st.outcome;
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

  const p = st.progress;
  const engine = st.engine;
  return (
    <section class="island not-content mnist" aria-label={s['mnist.title']}>
      <Settings strings={s} fields={fields} override={override} backendRefused={backendRefused} locked={running} batchProblem={batchProblem} />
      {values.trainCount > defaultSubsetSize && <p class="island__status">{s['mnist.full-data-note']}</p>}
      <div class="island__controls">
        <Action onClick={start} disabled={invalid || busy}>
          {s['mnist.start']}
        </Action>
        <Action secondary onClick={togglePause} disabled={(st.phase !== 'running' && st.phase !== 'paused') || st.stopping}>
          {st.phase === 'paused' ? s['mnist.resume'] : s['mnist.pause']}
        </Action>
        <Action secondary onClick={stop} disabled={!busy || st.stopping}>
          {s['mnist.stop']}
        </Action>
        <Action secondary onClick={compare} disabled={busy}>
          {s['mnist.compare']}
        </Action>
      </div>
      <p class="island__status" data-testid="mnist-status" hidden={st.download?.kind === 'failed'}>
        {text(st.status)}
      </p>
      {st.download && <DownloadProgress strings={s} what={s[st.downloadOf === 'tfjs' ? 'mnist.download-tfjs' : 'mnist.download']} download={st.download} onRetry={() => void start()} />}
      <p class="sr-only" role="status">
        {st.announcement ? text(st.announcement) : ''}
      </p>
      {engine && (
        <p class="island__status" data-testid="mnist-backend">
          {fill(s['mnist.backend-using'], {
            backend: engineNames[engine.id],
            reason: typeof engine.reason === 'string' ? s[`mnist.reason.${engine.reason}`] : fill(s['mnist.reason.fallback'], { from: engineNames[engine.reason.fallbackFrom] }),
          })}
          {engine.timings.length > 0 && ` ${fill(s['mnist.timings'], { list: engine.timings.map((t) => `${engineNames[t.engine]} ${t.samplesPerSecond ? fill(s['mnist.speed'], { speed: Math.round(t.samplesPerSecond).toLocaleString(lang) }) : `${s['mnist.unavailable']}${t.error ? ` (${t.error})` : ''}`}`).join(', ') })}`}
        </p>
      )}
      {st.fallbacks.map((f) => (
        <p class="mnist__notice" role="alert" key={`${f.from}-${f.epochsKept}`}>
          {fill(s['mnist.fallback'], { from: engineNames[f.from], to: engineNames[f.to], message: f.message, epoch: f.epochsKept })}
        </p>
      ))}
      <div class="mnist__progress">
        <progress max={p.total} value={p.done} aria-label={s['mnist.progress']} />
        <span data-testid="mnist-speed">{p.samplesPerSecond ? fill(s['mnist.speed'], { speed: Math.round(p.samplesPerSecond).toLocaleString(lang) }) : ''}</span>
        <span>{p.etaSeconds !== null && st.phase === 'running' && !st.stopping ? fill(s['mnist.eta'], { time: formatDuration(p.etaSeconds, lang) }) : ''}</span>
        <span data-testid="mnist-tensors">{p.diagnostics?.tensors !== undefined ? fill(s['mnist.tensors'], { count: p.diagnostics.tensors }) : ''}</span>
        <span data-testid="mnist-engine-memory">
          {p.diagnostics?.memoryBytes !== undefined ? fill(s['mnist.engine-memory'], { threads: p.diagnostics.threads ?? 1, mb: (p.diagnostics.memoryBytes / 1024 / 1024).toFixed(0) }) : ''}
        </span>
      </div>
      <TrainingCharts
        strings={{
          lossCaption: s['mnist.loss-chart'],
          accuracyCaption: s['mnist.acc-chart'],
          step: s['mnist.step'],
          epoch: s['mnist.epoch'],
          loss: s['mnist.loss'],
          accuracy: s['mnist.accuracy'],
          batchLoss: s['mnist.batch-loss'],
          epochLoss: s['mnist.epoch-loss'],
          trainAccuracy: s['mnist.train-acc'],
          testAccuracy: s['mnist.test-acc'],
        }}
        series={series.current}
        epochs={st.history}
        revision={series.current.steps.length}
      />
      <History strings={s} history={st.history} />
      {st.outcome && (
        <>
          <div class="island__controls">
            <Action secondary onClick={() => void exportModel(false)}>
              {s['mnist.export']}
            </Action>
            <Action secondary onClick={() => void exportModel(true)}>
              {s['mnist.use-here']}
            </Action>
          </div>
          {exportNote.value && (
            <p class="island__status" role="status" data-testid="mnist-export-note">
              {exportNote.value}
            </p>
          )}
          <Outcome strings={s} outcome={st.outcome} />
        </>
      )}
      <Comparison strings={s} state={st} steps={steps} batchSize={compareBatch} />
    </section>
  );
}
