import { useEffect, useRef } from 'preact/hooks';
import type { OptimizerKind } from '../../lib/training/engine';
import type { LineChart, LineSeries } from '../shared/line-chart';
import type { RaceStrings } from './strings';

/** Each optimizer's line: a colour of the theme and a dash, so that the curves differ without colour too. */
export const racerLines: Record<OptimizerKind, Omit<LineSeries, 'label'>> = {
  sgd: { colorVar: '--sl-color-gray-2', dash: [6, 4] },
  momentum: { colorVar: '--sl-color-green', dash: [2, 3] },
  rmsprop: { colorVar: '--sl-color-purple', dash: [12, 3, 3, 3] },
  adam: { colorVar: '--sl-color-orange' },
};

/** The race's losses as the chart draws them, appended in place (a race reports hundreds of points). */
export class RaceSeries {
  readonly steps: number[] = [];
  readonly losses: (number | null)[][];
  constructor(racers: number) {
    this.losses = Array.from({ length: racers }, () => []);
  }
  /** A recorded race's curve (examples/optimizer-race.ts). */
  static of(curve: { steps: number[]; losses: (number | null)[][] }): RaceSeries {
    const series = new RaceSeries(curve.losses.length);
    curve.steps.forEach((step, i) => series.add(step, curve.losses.map((l) => l[i] ?? null)));
    return series;
  }
  add(step: number, losses: readonly (number | null)[]): void {
    this.steps.push(step);
    losses.forEach((loss, r) => this.losses[r]!.push(loss));
  }
}

interface Props {
  strings: RaceStrings;
  caption: string;
  optimizers: readonly OptimizerKind[];
  series: RaceSeries;
  /** changes whenever the series grew */
  revision: number;
}

/** One loss curve per optimizer on a logarithmic axis, with a legend that names each line's look. uPlot loads with the first point. */
export default function RaceChart({ strings: s, caption, optimizers, series, revision }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<LineChart | undefined>(undefined);
  const drawn = useRef<RaceSeries | null>(null);
  useEffect(() => () => chart.current?.destroy(), []);
  useEffect(() => {
    if (series.steps.length === 0) return;
    let cancelled = false;
    void import('../shared/line-chart').then(({ showLineChart }) => {
      if (cancelled) return;
      // A new race may race other optimizers: its chart starts afresh.
      if (drawn.current !== series) {
        chart.current?.destroy();
        chart.current = undefined;
        drawn.current = series;
      }
      chart.current = showLineChart(
        chart.current,
        box.current,
        { xLabel: s['race.step'], yLabel: s['race.loss'], yLog: true, series: optimizers.map((o) => ({ label: s[`race.name.${o}`], ...racerLines[o] })) },
        [series.steps, ...series.losses],
      );
    });
    return () => {
      cancelled = true;
    };
  }, [revision, series]);
  return (
    <figure class="race__chart">
      <figcaption>{caption}</figcaption>
      <ul class="island__legend">
        {optimizers.map((o) => (
          <li key={o}>
            <svg class="race__swatch" width="28" height="8" aria-hidden="true">
              <line x1="0" y1="4" x2="28" y2="4" stroke={`var(${racerLines[o].colorVar})`} stroke-width="2" stroke-dasharray={racerLines[o].dash?.join(' ')} />
            </svg>
            {s[`race.name.${o}`]}
          </li>
        ))}
      </ul>
      <div ref={box} class="charts__plot" />
    </figure>
  );
}
