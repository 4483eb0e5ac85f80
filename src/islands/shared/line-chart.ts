import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { watchTheme } from './theme';

export interface LineSeries {
  label: string;
  /** a CSS custom property of Starlight's palette, e.g. --sl-color-text-accent */
  colorVar: string;
  dash?: number[];
  points?: boolean;
}

export interface LineChartOptions {
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** format of the y tick labels */
  yTicks?: (value: number) => string;
  /** a logarithmic y axis (values must be positive): losses that differ by orders of magnitude stay readable */
  yLog?: boolean;
  height?: number;
}

const isDecade = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

/** Grid lines and ticks at powers of ten alone where the axis spans three or more of them. */
function decadesWhenWide(_: uPlot, splits: number[]): (number | null)[] {
  return splits.filter(isDecade).length >= 3 ? splits.map((v) => (isDecade(v) ? v : null)) : splits;
}

/**
 * A streaming line chart (uPlot) in the theme's colours (redrawn in the new ones when the theme
 * changes), resized with its container. Created with its
 * first data: uPlot cannot range an axis without any. `set` replaces the data; `destroy` cleans up.
 */
export function createLineChart(target: HTMLElement, options: LineChartOptions, data: (number | null)[][]) {
  // The theme's colours, read again when the reader switches theme (uPlot asks for them at each draw).
  const readColors = () => {
    const style = getComputedStyle(target);
    const color = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return { text: color('--sl-color-gray-2', '#888'), grid: color('--sl-color-gray-5', '#ddd'), series: options.series.map((s) => color(s.colorVar, '#36c')) };
  };
  let colors = readColors();
  const axis = { stroke: () => colors.text, grid: { stroke: () => colors.grid, width: 1 }, ticks: { stroke: () => colors.grid } };
  // Across several decades the nine lines a log axis draws per decade merge into bands: keep the decades.
  const yLines = options.yLog ? { grid: { ...axis.grid, filter: decadesWhenWide }, ticks: { ...axis.ticks, filter: decadesWhenWide } } : {};
  const height = options.height ?? 220;
  const width = () => Math.max(240, target.clientWidth);
  const chart = new uPlot(
    {
      width: width(),
      height,
      scales: { x: { time: false }, ...(options.yLog ? { y: { distr: 3 } } : {}) },
      axes: [
        { ...axis, label: options.xLabel },
        {
          ...axis,
          ...yLines,
          label: options.yLabel,
          size: 64,
          ...(options.yTicks ? { values: (_: uPlot, ticks: number[]) => ticks.map((v) => options.yTicks!(v)) } : {}),
        },
      ],
      series: [
        { label: options.xLabel },
        ...options.series.map((s, i) => ({
          label: s.label,
          stroke: () => colors.series[i]!,
          width: 2,
          dash: s.dash,
          spanGaps: true,
          points: { show: s.points ?? false },
        })),
      ],
      // Captions name the series; uPlot's own legend table does not fit the page's styles.
      legend: { show: false },
      cursor: { show: false },
    },
    data as uPlot.AlignedData,
    target,
  );
  const observer = new ResizeObserver(() => chart.setSize({ width: width(), height }));
  observer.observe(target);
  const unwatch = watchTheme(() => {
    colors = readColors();
    chart.redraw(false);
  });
  return {
    set(next: (number | null)[][]) {
      chart.setData(next as uPlot.AlignedData);
    },
    destroy() {
      observer.disconnect();
      unwatch();
      chart.destroy();
    },
  };
}

export type LineChart = ReturnType<typeof createLineChart>;

/**
 * Give `chart` new data, or, the first time there is data, create it in `target` (replacing the
 * placeholder text there). Returns the chart, or undefined while there is nothing to draw.
 */
export function showLineChart(
  chart: LineChart | undefined,
  target: HTMLElement | null,
  options: LineChartOptions,
  data: (number | null)[][],
): LineChart | undefined {
  if (chart) {
    chart.set(data);
    return chart;
  }
  if (!target || data[0]!.length === 0) return undefined;
  target.textContent = '';
  return createLineChart(target, options, data);
}
