import { useSignal } from '@preact/signals';
import { proxy } from 'comlink';
import { useMemo, useRef } from 'preact/hooks';
import type { OptimizerKind } from '../../lib/training/engine';
import { raceDefaults } from '../../lib/training/race';
import type { RaceCallbacks, RaceEpoch, Racer } from '../../workers/optimizer-race.protocol';
import type { OptimizerRaceApi } from '../../workers/optimizer-race.worker';
import DownloadProgress from '../shared/DownloadProgress';
import { engineNames } from '../shared/engine-names';
import { createNumberField } from '../shared/field';
import { fill } from '../shared/fill';
import NumberInput from '../shared/NumberInput';
import RunButtons from '../shared/RunButtons';
import type { DownloadStrings, FieldStrings } from '../shared/strings';
import { useUrlSettings } from '../shared/useUrlSettings';
import { useLabRun } from '../shared/useLabRun';
import RaceChart, { RaceSeries } from './RaceChart';
import RaceTable from './RaceTable';
import { raceOptimizers, raceRules } from './settings';
import { initialState, isRunning, reduce, type Message, type RaceEvent, type RaceState } from './state';
import type { RaceStrings } from './strings';
import '../shared/islands.css';
import './race.css';

interface Props extends Record<OptimizerKind, number> {
  strings: RaceStrings & FieldStrings & DownloadStrings;
  lang: string;
  base: string;
  epochs: number;
  /** the run examples/optimizer-race.ts recorded (src/data/optimizer-race.json), shown until the reader races */
  recorded: { racers: Racer[]; history: RaceEpoch[]; curve: { steps: number[]; losses: (number | null)[][] } };
}

/** SGD, momentum, RMSProp and Adam train the article's network side by side on real MNIST, in a Web Worker. */
export default function Race({ strings: s, lang, base, recorded, epochs, ...rates }: Props) {
  const fields = useMemo(
    () => ({
      epochs: createNumberField(epochs, raceRules.epochs, s),
      ...(Object.fromEntries(raceOptimizers.map((o) => [o, createNumberField(rates[o], raceRules.learningRate, s)])) as Record<OptimizerKind, ReturnType<typeof createNumberField>>),
    }),
    [],
  );
  useUrlSettings('race', fields);
  const state = useSignal<RaceState>(initialState);
  const dispatch = (event: RaceEvent) => (state.value = reduce(state.value, event));
  const series = useRef(RaceSeries.of(recorded.curve));
  const lab = useLabRun<OptimizerRaceApi, RaceEvent>(() => new Worker(new URL('../../workers/optimizer-race.worker.ts', import.meta.url), { type: 'module' }), dispatch, {
    crashed: (message) => ({ type: 'crashed', message: message || s['race.unknown-error'] }),
    failed: (message) => ({ type: 'failed', message }),
  });

  const st = state.value;
  const running = isRunning(st);
  const invalid = Object.values(fields).some((f) => f.error.value);
  const names = (o: string) => (o ? s[`race.name.${o as OptimizerKind}`] : '');
  const text = (m: Message) => fill(s[`race.${m.key}`], { ...m.values, optimizer: names(String(m.values?.optimizer ?? '')) });

  const start = async () => {
    if (invalid || running) return;
    const run = { epochs: fields.epochs.value.value, racers: raceOptimizers.map((optimizer) => ({ optimizer, learningRate: fields[optimizer].value.value })) };
    dispatch({ type: 'start', run });
    series.current = new RaceSeries(run.racers.length);
    await lab.start(
      (api, send, live) => {
        const callbacks: RaceCallbacks = {
          onStatus: (status) => send({ type: 'status', status }),
          onBatch: (progress) => {
            if (!live()) return;
            series.current.add((progress.epoch - 1) * progress.stepsPerEpoch + progress.step, progress.losses);
            send({ type: 'batch', progress });
          },
          onHeld: (at) => send({ type: 'held', at }),
          onEpoch: (result) => send({ type: 'epoch', result }),
        };
        return api.run({ base, ...run }, proxy(callbacks));
      },
      (result) => ({ type: 'finished', result }),
    );
  };
  const shown = st.run ?? { epochs: recorded.history.length, racers: recorded.racers };
  const p = st.progress;
  return (
    <section class="island not-content race" aria-label={s['race.title']}>
      <fieldset class="island__fieldset" disabled={running}>
        <legend>{s['race.settings']}</legend>
        <NumberInput field={fields.epochs} label={s['race.epochs']} id="race-epochs" inputMode="numeric" disabled={running} />
        {raceOptimizers.map((o) => (
          <NumberInput key={o} field={fields[o]} label={fill(s['race.learning-rate-of'], { optimizer: names(o) })} id={`race-lr-${o}`} disabled={running} />
        ))}
      </fieldset>
      <RunButtons
        labels={{ start: s['race.start'], pause: s['race.pause'], resume: s['race.resume'], stop: s['race.stop'] }}
        canStart={!invalid && !running} phase={st.phase} running={running} stopping={st.stopping}
        onStart={() => void start()} onPause={() => lab.act('pause')} onResume={() => lab.act('resume')} onStop={() => lab.act('stop')} />
      <p class="island__status" data-testid="race-status" hidden={st.download?.kind === 'failed'}>
        {text(st.status)}
      </p>
      {st.download && <DownloadProgress strings={s} what={s['race.download']} download={st.download} onRetry={() => void start()} />}
      <p class="sr-only" role="status">
        {st.announcement ? text(st.announcement) : ''}
      </p>
      {st.engine && (
        <p class="island__status" data-testid="race-engine">
          {fill(s['race.engine'], { engine: engineNames[st.engine.id], threads: st.engine.diagnostics.threads ?? 1 })}
        </p>
      )}
      <div class="race__progress">
        <progress max={p.total} value={p.done} aria-label={s['race.progress']} />
        <span data-testid="race-speed">{p.samplesPerSecond && st.phase === 'running' ? fill(s['race.speed'], { speed: Math.round(p.samplesPerSecond).toLocaleString(lang) }) : ''}</span>
      </div>
      <RaceChart
        strings={s}
        caption={fill(s[st.run ? 'race.loss-chart' : 'race.loss-chart-recorded'], { every: raceDefaults.lossEvery })}
        optimizers={shown.racers.map((r) => r.optimizer)} series={series.current} revision={series.current.steps.length} />
      <RaceTable strings={s} lang={lang} caption={st.run ? s['race.table-live'] : s['race.table-recorded']} racers={shown.racers} history={st.run ? st.history : recorded.history} epochs={shown.epochs} />
    </section>
  );
}
