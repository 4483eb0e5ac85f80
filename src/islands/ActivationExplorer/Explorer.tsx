import { computed, useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { activations, articleTanhPrime, sample, type ActivationName } from '../../lib/nn/activations';
import { createNumberField } from '../shared/field';
import NumberInput from '../shared/NumberInput';
import { fill } from '../shared/fill';
import type { FieldStrings } from '../shared/strings';
import { useUrlSettings } from '../shared/useUrlSettings';
import { fromSvgX, linePath, toSvgX, toSvgY, yRange, type Frame } from './plot';
import type { ExplorerStrings } from './strings';
import '../shared/islands.css';
import './explorer.css';

interface Props {
  strings: ExplorerStrings & FieldStrings;
  from: number;
  to: number;
  probe: number;
}

const names: ActivationName[] = ['sigmoid', 'relu', 'tanh'];
const labels: Record<ActivationName, string> = { sigmoid: 'σ(x)', relu: 'ReLU(x)', tanh: 'tanh(x)' };
const SAMPLES = 161;
const fmt = (v: number) => (Math.abs(v) < 5e-5 ? '0.0000' : v.toFixed(4));

/** The three activation functions and their derivatives over a range the reader chooses. */
export default function Explorer({ strings, from, to, probe }: Props) {
  const rule = { min: -50, max: 50 };
  const fields = useMemo(
    () => ({ from: createNumberField(from, rule, strings), to: createNumberField(to, rule, strings) }),
    [],
  );
  useUrlSettings('explorer', fields);
  const overlay = useSignal(false);
  const x0 = useSignal(probe);
  const orderError = computed(() => (fields.from.value.value >= fields.to.value.value ? strings['explorer.range-order'] : null));
  // The last range that was valid as a whole stays on screen while the fields are being edited.
  const range = useSignal<[number, number]>([from, to]);
  if (!orderError.value && (range.value[0] !== fields.from.value.value || range.value[1] !== fields.to.value.value)) {
    range.value = [fields.from.value.value, fields.to.value.value];
  }
  const [lo, hi] = range.value;
  const x = Math.min(hi, Math.max(lo, x0.value));

  const panels = names.map((name) => {
    const { f, df } = activations[name];
    const fs = sample(f, lo, hi, SAMPLES);
    const dfs = sample(df, lo, hi, SAMPLES);
    const article = name === 'tanh' && overlay.value ? sample(articleTanhPrime, lo, hi, SAMPLES) : null;
    const frame: Frame = { width: 320, height: 200, pad: 14, x: [lo, hi], y: yRange(fs.ys, dfs.ys) };
    return { name, frame, fs, dfs, article, value: f(x), slope: df(x) };
  });

  const onPointer = (event: PointerEvent, frame: Frame) => {
    const svg = event.currentTarget as SVGSVGElement;
    const box = svg.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * frame.width;
    x0.value = Math.min(hi, Math.max(lo, fromSvgX(frame, px)));
  };

  return (
    <section class="island not-content explorer" aria-label={strings['explorer.title']}>
      <div class="island__controls">
        <NumberInput field={fields.from} id="explorer-from" label={strings['explorer.from']} />
        <NumberInput field={fields.to} id="explorer-to" label={strings['explorer.to']} />
        {orderError.value && (
          <p class="nf__error" role="alert">
            {orderError.value}
          </p>
        )}
        <label class="explorer__probe">
          <span class="nf__label">{strings['explorer.probe']}</span>
          <input
            type="range"
            min={lo}
            max={hi}
            step={(hi - lo) / 400}
            value={x}
            aria-valuetext={`x = ${x.toFixed(2)}`}
            onInput={(e) => (x0.value = Number((e.currentTarget as HTMLInputElement).value))}
          />
        </label>
        <label class="explorer__toggle">
          <input type="checkbox" checked={overlay.value} onChange={(e) => (overlay.value = (e.currentTarget as HTMLInputElement).checked)} />
          {strings['explorer.overlay']}
        </label>
      </div>

      <div class="explorer__panels">
        {panels.map(({ name, frame, fs, dfs, article, value, slope }) => (
          <figure class="explorer__panel" key={name}>
            <svg
              viewBox={`0 0 ${frame.width} ${frame.height}`}
              role="img"
              aria-label={fill(strings['explorer.plot-label'], { name: labels[name] })}
              onPointerMove={(e) => onPointer(e, frame)}
              onPointerDown={(e) => onPointer(e, frame)}
            >
              <line class="axis" x1={frame.pad} x2={frame.width - frame.pad} y1={toSvgY(frame, 0)} y2={toSvgY(frame, 0)} />
              {lo < 0 && hi > 0 && <line class="axis" x1={toSvgX(frame, 0)} x2={toSvgX(frame, 0)} y1={frame.pad} y2={frame.height - frame.pad} />}
              <path class="curve curve--f" d={linePath(frame, fs.xs, fs.ys)} />
              <path class="curve curve--df" d={linePath(frame, dfs.xs, dfs.ys)} />
              {article && <path class="curve curve--article" d={linePath(frame, article.xs, article.ys)} />}
              <line class="probe" x1={toSvgX(frame, x)} x2={toSvgX(frame, x)} y1={frame.pad} y2={frame.height - frame.pad} />
              <circle class="dot dot--f" cx={toSvgX(frame, x)} cy={toSvgY(frame, value)} r="3.5" />
              <circle class="dot dot--df" cx={toSvgX(frame, x)} cy={toSvgY(frame, slope)} r="3.5" />
              <text x={frame.pad + 4} y={frame.pad + 12} class="tick">{frame.y[1].toFixed(2)}</text>
              <text x={frame.pad + 4} y={frame.height - frame.pad - 4} class="tick">{frame.y[0].toFixed(2)}</text>
              <text x={frame.width - frame.pad} y={frame.height - 2} class="tick" text-anchor="end">{hi}</text>
              <text x={frame.pad} y={frame.height - 2} class="tick">{lo}</text>
            </svg>
            <figcaption>
              <strong>{labels[name]}</strong>
              <span class="legend legend--f">{strings['explorer.legend-f']}</span>
              <span class="legend legend--df">{strings['explorer.legend-df']}</span>
              {article && <span class="legend legend--article">{strings['explorer.article-tanh']}</span>}
            </figcaption>
          </figure>
        ))}
      </div>

      <div class="island__scroll">
        <table class="explorer__readout" aria-live="polite">
          <caption>{fill(strings['explorer.readout'], { x: x.toFixed(2) })}</caption>
          <thead>
            <tr>
              <th scope="col">{strings['explorer.function']}</th>
              <th scope="col" class="num">{strings['explorer.value']}</th>
              <th scope="col" class="num">{strings['explorer.derivative']}</th>
            </tr>
          </thead>
          <tbody>
            {panels.map(({ name, value, slope }) => (
              <tr key={name} data-fn={name}>
                <th scope="row">{labels[name]}</th>
                <td class="num">{fmt(value)}</td>
                <td class="num">{fmt(slope)}</td>
              </tr>
            ))}
            {overlay.value && (
              <tr data-fn="article-tanh">
                <th scope="row">{strings['explorer.article-tanh']}</th>
                <td class="num">—</td>
                <td class="num">{fmt(articleTanhPrime(x))}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
