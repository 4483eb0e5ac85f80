import { useSignal } from '@preact/signals';
import { proxy } from 'comlink';
import { useMemo } from 'preact/hooks';
import type { LabEpoch, OverfitCallbacks } from '../../workers/overfit-lab.protocol';
import type { OverfitLabApi } from '../../workers/overfit-lab.worker';
import DownloadProgress from '../shared/DownloadProgress';
import { engineNames } from '../shared/engine-names';
import { createNumberField } from '../shared/field';
import { fill } from '../shared/fill';
import NumberInput from '../shared/NumberInput';
import RunButtons from '../shared/RunButtons';
import type { DownloadStrings, FieldStrings } from '../shared/strings';
import { useUrlSettings } from '../shared/useUrlSettings';
import { useLabRun } from '../shared/useLabRun';
import LabCharts from './LabCharts';
import { overfitRules, type OverfitSettings } from './settings';
import { initialState, isRunning, reduce, type Message, type OverfitEvent, type OverfitState } from './state';
import type { OverfitStrings } from './strings';
import Summary from './Summary';
import '../shared/islands.css';
import './overfit.css';

interface Props extends OverfitSettings {
  strings: OverfitStrings & FieldStrings & DownloadStrings;
  lang: string;
  base: string;
  /** the run examples/overfitting-lab.ts recorded with the defaults (src/data/overfitting-lab.json), shown until the reader runs one */
  recorded: { history: LabEpoch[]; summary: { bestEpoch: number; stoppedAt: number | null } };
}

const fieldNames = ['trainCount', 'epochs', 'weightDecay', 'dropout', 'patience'] as const;
const labels = { trainCount: 'overfit.train-count', epochs: 'overfit.epochs', weightDecay: 'overfit.weight-decay', dropout: 'overfit.dropout', patience: 'overfit.patience' } as const;

/** The article's network on a few digits for many epochs, plainly and with the reader's remedies, in a Web Worker. */
export default function Overfit({ strings: s, base, recorded, ...initial }: Props) {
  const fields = useMemo(() => Object.fromEntries(fieldNames.map((k) => [k, createNumberField(initial[k], overfitRules[k], s)])) as Record<(typeof fieldNames)[number], ReturnType<typeof createNumberField>>, []);
  useUrlSettings('overfit', { count: fields.trainCount, epochs: fields.epochs, l2: fields.weightDecay, dropout: fields.dropout, patience: fields.patience });
  const state = useSignal<OverfitState>(initialState);
  const dispatch = (event: OverfitEvent) => (state.value = reduce(state.value, event));
  const lab = useLabRun<OverfitLabApi, OverfitEvent>(() => new Worker(new URL('../../workers/overfit-lab.worker.ts', import.meta.url), { type: 'module' }), dispatch, {
    crashed: (message) => ({ type: 'crashed', message: message || s['overfit.unknown-error'] }),
    failed: (message) => ({ type: 'failed', message }),
  });
  const st = state.value;
  const running = isRunning(st);
  const invalid = fieldNames.some((k) => fields[k].error.value);
  const text = (m: Message) => fill(s[`overfit.${m.key}`], m.values ?? {});

  const start = async () => {
    if (invalid || running) return;
    const run = Object.fromEntries(fieldNames.map((k) => [k, fields[k].value.value])) as OverfitSettings;
    dispatch({ type: 'start', run });
    const { weightDecay, dropout, patience } = run;
    await lab.start(
      (api, send) => {
        const callbacks: OverfitCallbacks = {
          onStatus: (status) => send({ type: 'status', status }),
          onHeld: (at) => send({ type: 'held', at }),
          onEpoch: (epoch) => send({ type: 'epoch', epoch }),
        };
        return api.run({ base, trainCount: run.trainCount, epochs: run.epochs, regularization: { weightDecay, dropout, patience } }, proxy(callbacks));
      },
      (outcome) => ({ type: 'finished', outcome }),
    );
  };
  const history = st.run ? st.history : recorded.history;
  return (
    <section class="island not-content overfit" aria-label={s['overfit.title']}>
      <fieldset class="island__fieldset" disabled={running}>
        <legend>{s['overfit.settings']}</legend>
        {fieldNames.map((k) => (
          <NumberInput key={k} field={fields[k]} label={s[labels[k]]} id={`overfit-${k}`} inputMode={'integer' in overfitRules[k] ? 'numeric' : 'decimal'} disabled={running} />
        ))}
        <p class="overfit__hint">{s['overfit.off-hint']}</p>
      </fieldset>
      <RunButtons
        labels={{ start: s['overfit.start'], pause: s['overfit.pause'], resume: s['overfit.resume'], stop: s['overfit.stop'] }}
        canStart={!invalid && !running} phase={st.phase} running={running} stopping={st.stopping}
        onStart={() => void start()} onPause={() => lab.act('pause')} onResume={() => lab.act('resume')} onStop={() => lab.act('stop')} />
      <p class="island__status" data-testid="overfit-status" hidden={st.download?.kind === 'failed'}>
        {text(st.status)}
      </p>
      {st.download && <DownloadProgress strings={s} what={s['overfit.download']} download={st.download} onRetry={() => void start()} />}
      <p class="sr-only" role="status">
        {st.announcement ? text(st.announcement) : ''}
      </p>
      {st.engine && (
        <p class="island__status" data-testid="overfit-engine">
          {fill(s['overfit.engine'], { engine: engineNames[st.engine.id], threads: st.engine.diagnostics.threads ?? 1 })}
        </p>
      )}
      <div class="overfit__progress">
        <progress max={st.run?.epochs ?? 1} value={st.run ? st.history.length : 0} aria-label={s['overfit.progress']} />
      </div>
      <LabCharts strings={s} history={history} />
      <Summary
        strings={s}
        caption={st.run ? s['overfit.table-live'] : s['overfit.table-recorded']}
        history={history}
        summary={st.run ? (st.outcome?.summary ?? null) : recorded.summary}
      />
    </section>
  );
}
