import { useSignal } from '@preact/signals';
import { proxy } from 'comlink';
import { useMemo } from 'preact/hooks';
import { labBatchSizes } from '../../lib/training/batch-lab';
import type { BatchLabCallbacks, BatchResult } from '../../workers/batch-lab.protocol';
import type { BatchLabApi } from '../../workers/batch-lab.worker';
import DownloadProgress from '../shared/DownloadProgress';
import { engineNames } from '../shared/engine-names';
import { createNumberField } from '../shared/field';
import { fill } from '../shared/fill';
import NumberInput from '../shared/NumberInput';
import RunButtons from '../shared/RunButtons';
import type { DownloadStrings, FieldStrings } from '../shared/strings';
import { useUrlSettings } from '../shared/useUrlSettings';
import { useLabRun } from '../shared/useLabRun';
import LabTable from './LabTable';
import { secondsRule } from './settings';
import { initialState, isRunning, reduce, type LabEvent, type LabState, type Message } from './state';
import type { BatchStrings } from './strings';
import '../shared/islands.css';
import './lab.css';

interface Props {
  strings: BatchStrings & FieldStrings & DownloadStrings;
  lang: string;
  base: string;
  seconds: number;
  trainCount: number;
  /** the timed run examples/batch-size-lab.ts recorded (src/data/batch-size-lab.json), shown until the reader runs the lab */
  recorded: { seconds: number; machine: string; results: BatchResult[] };
}

/** Trains the article's network at batch sizes from 10 to 1,000 for the same time each, on this device, in a Web Worker. */
export default function Lab({ strings: s, lang, base, seconds, trainCount, recorded }: Props) {
  const field = useMemo(() => createNumberField(seconds, secondsRule, s), []);
  useUrlSettings('batch', { seconds: field });
  const state = useSignal<LabState>(initialState);
  const dispatch = (event: LabEvent) => (state.value = reduce(state.value, event));
  const lab = useLabRun<BatchLabApi, LabEvent>(() => new Worker(new URL('../../workers/batch-lab.worker.ts', import.meta.url), { type: 'module' }), dispatch, {
    crashed: (message) => ({ type: 'crashed', message: message || s['batch.unknown-error'] }),
    failed: (message) => ({ type: 'failed', message }),
  });
  const st = state.value;
  const running = isRunning(st);
  const invalid = field.error.value !== null;
  const text = (m: Message) => fill(s[`batch.${m.key}`], m.values ?? {});

  const start = async () => {
    if (invalid || running) return;
    const run = field.value.value;
    dispatch({ type: 'start', seconds: run });
    await lab.start(
      (api, send) => {
        const callbacks: BatchLabCallbacks = {
          onStatus: (status) => send({ type: 'status', status }),
          onProgress: (at) => send({ type: 'progress', at }),
          onHeld: (at) => send({ type: 'held', at }),
          onResult: (result) => send({ type: 'result', result }),
        };
        return api.run({ base, seconds: run }, proxy(callbacks));
      },
      (outcome) => ({ type: 'finished', outcome }),
    );
  };
  return (
    <section class="island not-content batch" aria-label={s['batch.title']}>
      <div class="batch__settings">
        <NumberInput field={field} label={s['batch.seconds']} id="batch-seconds" disabled={running} />
        <RunButtons
          labels={{ start: s['batch.start'], pause: s['batch.pause'], resume: s['batch.resume'], stop: s['batch.stop'] }}
          canStart={!invalid && !running} phase={st.phase} running={running} stopping={st.stopping}
          onStart={() => void start()} onPause={() => lab.act('pause')} onResume={() => lab.act('resume')} onStop={() => lab.act('stop')} />
      </div>
      <p class="island__status" data-testid="batch-status" hidden={st.download?.kind === 'failed'}>
        {text(st.status)}
      </p>
      {st.download && <DownloadProgress strings={s} what={s['batch.download']} download={st.download} onRetry={() => void start()} />}
      <p class="sr-only" role="status">
        {st.announcement ? text(st.announcement) : ''}
      </p>
      {st.engine && (
        <p class="island__status" data-testid="batch-engine">
          {fill(s['batch.engine'], { engine: engineNames[st.engine.id], threads: st.engine.diagnostics.threads ?? 1 })}
        </p>
      )}
      <div class="batch__progress">
        <progress max={labBatchSizes.length} value={st.progress} aria-label={s['batch.progress']} />
      </div>
      <LabTable
        strings={s}
        lang={lang}
        caption={st.seconds === null ? fill(s['batch.table-recorded'], { seconds: recorded.seconds, machine: recorded.machine }) : fill(s['batch.table-live'], { seconds: st.seconds })}
        results={st.seconds === null ? recorded.results : st.results}
        trainCount={trainCount}
      />
    </section>
  );
}
