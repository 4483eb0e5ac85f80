import { useEffect, useRef } from 'preact/hooks';
import type { LabEpoch } from '../../workers/overfit-lab.protocol';
import type { LineChart, LineSeries } from '../shared/line-chart';
import type { OverfitStrings } from './strings';

interface Props {
  strings: OverfitStrings;
  history: readonly LabEpoch[];
}

/** Training against test accuracy, and their losses, per epoch: the plain run in grey, the regularized one in orange; dashed is the training set. */
export default function LabCharts({ strings: s, history }: Props) {
  const accBox = useRef<HTMLDivElement>(null);
  const lossBox = useRef<HTMLDivElement>(null);
  const charts = useRef<{ acc?: LineChart; loss?: LineChart }>({});
  useEffect(
    () => () => {
      charts.current.acc?.destroy();
      charts.current.loss?.destroy();
    },
    [],
  );
  const series: LineSeries[] = [
    { label: s['overfit.plain-train'], colorVar: '--sl-color-gray-3', dash: [6, 4] },
    { label: s['overfit.plain-test'], colorVar: '--sl-color-gray-3' },
    { label: s['overfit.reg-train'], colorVar: '--sl-color-orange', dash: [6, 4] },
    { label: s['overfit.reg-test'], colorVar: '--sl-color-orange' },
  ];
  useEffect(() => {
    if (history.length === 0) return;
    let cancelled = false;
    void import('../shared/line-chart').then(({ showLineChart }) => {
      if (cancelled) return;
      const epochs = history.map((e) => e.epoch);
      const pick = (f: (e: LabEpoch) => number | null) => history.map(f);
      charts.current.acc = showLineChart(charts.current.acc, accBox.current, { xLabel: s['overfit.epoch'], yLabel: s['overfit.accuracy'], series, yTicks: (v) => `${v.toFixed(0)}%` }, [
        epochs,
        pick((e) => 100 * e.plain.train.accuracy),
        pick((e) => 100 * e.plain.test.accuracy),
        pick((e) => (e.regularized ? 100 * e.regularized.train.accuracy : null)),
        pick((e) => (e.regularized ? 100 * e.regularized.test.accuracy : null)),
      ]);
      charts.current.loss = showLineChart(charts.current.loss, lossBox.current, { xLabel: s['overfit.epoch'], yLabel: s['overfit.loss'], series, yLog: true }, [
        epochs,
        pick((e) => e.plain.train.loss),
        pick((e) => e.plain.test.loss),
        pick((e) => e.regularized?.train.loss ?? null),
        pick((e) => e.regularized?.test.loss ?? null),
      ]);
    });
    return () => {
      cancelled = true;
    };
  }, [history]);
  return (
    <>
      <ul class="island__legend overfit__legend">
        {series.map((line) => (
          <li key={line.label}>
            <svg width="28" height="8" aria-hidden="true">
              <line x1="0" y1="4" x2="28" y2="4" stroke={`var(${line.colorVar})`} stroke-width="2" stroke-dasharray={line.dash?.join(' ')} />
            </svg>
            {line.label}
          </li>
        ))}
      </ul>
      <div class="charts">
        <figure>
          <figcaption>{s['overfit.acc-chart']}</figcaption>
          <div ref={accBox} class="charts__plot" />
        </figure>
        <figure>
          <figcaption>{s['overfit.loss-chart']}</figcaption>
          <div ref={lossBox} class="charts__plot" />
        </figure>
      </div>
    </>
  );
}
