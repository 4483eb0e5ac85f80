import { useSignal } from '@preact/signals';
import { proxy } from 'comlink';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { toyDefaults } from '../../lib/nn/toy';
import type { ToyProgress, ToyResult, ToyTrainerApi } from '../../workers/toy-trainer.worker';
import Action from '../shared/Action';
import type { LineChart } from '../shared/line-chart';
import { createNumberField } from '../shared/field';
import NumberInput from '../shared/NumberInput';
import { fill } from '../shared/fill';
import { useUrlSettings } from '../shared/useUrlSettings';
import { useWorker } from '../shared/useWorker';
import type { FieldStrings } from '../shared/strings';
import { toyRules } from './settings';
import type { TrainerStrings } from './strings';
import '../shared/islands.css';
import './trainer.css';

interface Props {
  strings: TrainerStrings & FieldStrings;
  epochs: number;
  learningRate: number;
  seed: number;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; epoch: number; total: number; loss: number }
  | { kind: 'done'; result: ToyResult }
  | { kind: 'failed'; message: string };

const vec = (v: number[]) => `[${v.map((n) => n.toFixed(6)).join(', ')}]`;

/** Trains the corrected toy network of 4.4 in a Web Worker and plots its loss as it falls. */
export default function Trainer({ strings: s, epochs, learningRate, seed }: Props) {
  const fields = useMemo(
    () => ({
      epochs: createNumberField(epochs, toyRules.epochs, s),
      lr: createNumberField(learningRate, toyRules.learningRate, s),
      seed: createNumberField(seed, toyRules.seed, s),
    }),
    [],
  );
  useUrlSettings('toy', fields);
  const phase = useSignal<Phase>({ kind: 'idle' });
  const chartBox = useRef<HTMLDivElement>(null);
  const chart = useRef<LineChart | undefined>(undefined);
  const worker = useWorker<ToyTrainerApi>(
    () => new Worker(new URL('../../workers/toy-trainer.worker.ts', import.meta.url), { type: 'module' }),
    (message) => (phase.value = { kind: 'failed', message }),
  );
  const history = useRef<{ epochs: number[]; losses: number[] }>({ epochs: [], losses: [] });

  // The worker and the chart library load only when the reader starts training; both go when the island does.
  useEffect(() => () => chart.current?.destroy(), []);

  const invalid = [fields.epochs, fields.lr, fields.seed].some((f) => f.error.value);
  const running = phase.value.kind === 'running';

  const start = async () => {
    if (invalid || running) return;
    // The run's own settings: the fields are locked while it trains, and the status speaks of these.
    const options = { epochs: fields.epochs.value.value, learningRate: fields.lr.value.value, seed: fields.seed.value.value };
    phase.value = { kind: 'running', epoch: 0, total: options.epochs, loss: NaN };
    try {
      const handle = worker.ensure();
      const { showLineChart } = await import('../shared/line-chart');
      history.current = { epochs: [], losses: [] };
      const onProgress = (p: ToyProgress) => {
        history.current.epochs.push(...p.epochs);
        history.current.losses.push(...p.losses);
        // The loss falls over dozens of orders of magnitude: plot log₁₀(loss), label ticks as powers of ten.
        const data = [history.current.epochs, history.current.losses.map((l) => Math.log10(Math.max(l, 1e-300)))];
        chart.current = showLineChart(
          chart.current,
          chartBox.current,
          {
            xLabel: s['trainer.epoch'],
            yLabel: s['trainer.loss'],
            series: [{ label: s['trainer.loss'], colorVar: '--sl-color-text-accent' }],
            yTicks: (v) => (Number.isInteger(v) ? `1e${v}` : ''),
          },
          data,
        );
        phase.value = { kind: 'running', epoch: p.epochs.at(-1)!, total: options.epochs, loss: p.losses.at(-1)! };
      };
      const result = await handle.api.train(options, proxy(onProgress));
      if (worker.isLive(handle)) phase.value = { kind: 'done', result };
    } catch (error) {
      worker.discard();
      phase.value = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  };

  const p = phase.value;
  const status =
    p.kind === 'idle'
      ? s['trainer.idle']
      : p.kind === 'running'
        ? fill(s['trainer.running'], { epoch: p.epoch, total: p.total, loss: Number.isNaN(p.loss) ? '…' : p.loss.toExponential(3) })
        : p.kind === 'failed'
          ? fill(s['trainer.failed'], { message: p.message })
          : p.result.stopped
            ? fill(s['trainer.stopped'], { epochs: p.result.epochsRun })
            : fill(s['trainer.finished'], { epochs: p.result.epochsRun, ms: p.result.computeMs.toFixed(1), loss: history.current.losses.at(-1)?.toExponential(3) ?? '' });

  return (
    <section class="island not-content trainer" aria-label={s['trainer.title']}>
      <div class="island__controls">
        <NumberInput field={fields.epochs} id="trainer-epochs" label={s['trainer.epochs']} inputMode="numeric" disabled={running} />
        <NumberInput field={fields.lr} id="trainer-lr" label={s['trainer.learning-rate']} disabled={running} />
        <NumberInput field={fields.seed} id="trainer-seed" label={s['trainer.seed']} inputMode="numeric" disabled={running} />
        <Action onClick={start} disabled={invalid || running}>
          {s['trainer.start']}
        </Action>
        <Action secondary onClick={() => void worker.current?.api.stop()} disabled={!running}>
          {s['trainer.stop']}
        </Action>
      </div>
      {/* Busy while running: screen readers hold the per-epoch updates and announce the result. */}
      <p class="island__status" role="status" aria-busy={p.kind === 'running'} data-testid="trainer-status">
        {status}
      </p>
      <div class="trainer__chart" ref={chartBox} role="img" aria-label={s['trainer.chart']}>
        <p class="trainer__placeholder">{s['trainer.chart-empty']}</p>
      </div>
      {p.kind === 'done' && (
        <div class="island__scroll">
          <table class="trainer__prediction">
            <caption>{s['trainer.prediction']}</caption>
            <thead>
              <tr>
                <th scope="col">{s['trainer.input']}</th>
                <th scope="col" class="num">{s['trainer.output']}</th>
                <th scope="col" class="num">{s['trainer.target']}</th>
              </tr>
            </thead>
            <tbody>
              <tr data-row="train">
                <th scope="row">X_train = {vec(toyDefaults.X_train).replace(/\.000000/g, '')}</th>
                <td class="num">{vec(p.result.trainPrediction)}</td>
                <td class="num">{vec(toyDefaults.Y_train)}</td>
              </tr>
              <tr data-row="test">
                <th scope="row">X_test = {vec(toyDefaults.X_test).replace(/\.000000/g, '')}</th>
                <td class="num">{vec(p.result.testPrediction)}</td>
                <td class="num">{s['trainer.no-target']}</td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
