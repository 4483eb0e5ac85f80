import { useEffect, useRef } from 'preact/hooks';
import type { LineChart } from './line-chart';
import type { LossSeries } from './training-series';

export interface ChartStrings {
  lossCaption: string;
  accuracyCaption: string;
  step: string;
  epoch: string;
  loss: string;
  accuracy: string;
  batchLoss: string;
  epochLoss: string;
  trainAccuracy: string;
  testAccuracy: string;
}

interface Props {
  strings: ChartStrings;
  series: LossSeries;
  /** per epoch: its number and the training and test accuracy (fractions) */
  epochs: { epoch: number; trainAccuracy: number; testAccuracy: number }[];
  /** changes whenever the series grew (the series is appended in place) */
  revision: number;
}

/**
 * A training run's two charts: the smoothed batch loss with each epoch's mean, and the accuracy per
 * epoch on the training and the test set. uPlot loads with the first point to draw.
 */
export default function TrainingCharts({ strings: s, series, epochs, revision }: Props) {
  const lossBox = useRef<HTMLDivElement>(null);
  const accBox = useRef<HTMLDivElement>(null);
  const charts = useRef<{ loss?: LineChart; acc?: LineChart }>({});

  useEffect(
    () => () => {
      charts.current.loss?.destroy();
      charts.current.acc?.destroy();
    },
    [],
  );

  useEffect(() => {
    // A new run starts empty: the last run's charts go (they would pass for this one's), and the boxes
    // wait empty as before any run, not as bare axes with nothing to range them.
    if (series.steps.length === 0 && epochs.length === 0) {
      charts.current.loss?.destroy();
      charts.current.acc?.destroy();
      charts.current = {};
      return;
    }
    let cancelled = false;
    void import('./line-chart').then(({ showLineChart }) => {
      if (cancelled) return;
      charts.current.loss = showLineChart(
        charts.current.loss,
        lossBox.current,
        {
          xLabel: s.step,
          yLabel: s.loss,
          series: [
            { label: s.batchLoss, colorVar: '--sl-color-text-accent' },
            { label: s.epochLoss, colorVar: '--sl-color-orange', points: true },
          ],
        },
        [series.steps, series.smooth, series.epochMeans],
      );
      charts.current.acc = showLineChart(
        charts.current.acc,
        accBox.current,
        {
          xLabel: s.epoch,
          yLabel: s.accuracy,
          series: [
            { label: s.trainAccuracy, colorVar: '--sl-color-text-accent', points: true },
            { label: s.testAccuracy, colorVar: '--sl-color-orange', points: true },
          ],
          yTicks: (v) => `${v.toFixed(1)}%`,
        },
        [epochs.map((h) => h.epoch), epochs.map((h) => 100 * h.trainAccuracy), epochs.map((h) => 100 * h.testAccuracy)],
      );
    });
    return () => {
      cancelled = true;
    };
  }, [revision, epochs]);

  return (
    <div class="charts">
      <figure>
        <figcaption>{s.lossCaption}</figcaption>
        <div ref={lossBox} class="charts__plot" />
      </figure>
      <figure>
        <figcaption>{s.accuracyCaption}</figcaption>
        <div ref={accBox} class="charts__plot" />
      </figure>
    </div>
  );
}
