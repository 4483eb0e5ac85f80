import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * The loss falls over dozens of orders of magnitude, so the chart plots log₁₀(loss) on a linear
 * axis labelled in powers of ten (uPlot's own log scale fails on ranges that wide). A loss of
 * exactly 0 is floored at 1e-300.
 */
const log10 = (losses: number[]) => losses.map((l) => Math.log10(Math.max(l, 1e-300)));

/** A streaming loss-vs-epoch line chart, created with its first data. */
export function createLossChart(target: HTMLElement, labels: { epoch: string; loss: string }, epochs: number[], losses: number[]) {
  const style = getComputedStyle(target);
  const text = style.getPropertyValue('--sl-color-gray-2').trim() || '#888';
  const grid = style.getPropertyValue('--sl-color-gray-5').trim() || '#ddd';
  const line = style.getPropertyValue('--sl-color-text-accent').trim() || '#36c';
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
  const width = () => Math.max(240, target.clientWidth);
  const chart = new uPlot(
    {
      width: width(),
      height: 220,
      scales: { x: { time: false } },
      axes: [
        { ...axis, label: labels.epoch },
        { ...axis, label: labels.loss, size: 70, values: (_, ticks) => ticks.map((v) => (Number.isInteger(v) ? `1e${v}` : '')) },
      ],
      series: [{ label: labels.epoch }, { label: labels.loss, stroke: line, width: 2 }],
      legend: { show: false },
      cursor: { show: false },
    },
    [epochs, log10(losses)],
    target,
  );
  const observer = new ResizeObserver(() => chart.setSize({ width: width(), height: 220 }));
  observer.observe(target);
  return {
    set(nextEpochs: number[], nextLosses: number[]) {
      chart.setData([nextEpochs, log10(nextLosses)]);
    },
    destroy() {
      observer.disconnect();
      chart.destroy();
    },
  };
}
