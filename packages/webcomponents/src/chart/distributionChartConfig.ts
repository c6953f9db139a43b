import type { ChartConfiguration } from 'chart.js';
import { formatMetric } from '../format.js';
import type { ChartTheme } from './chartTheme.js';
import { histogram, type HistogramBin } from './histogram.js';

/** One bar: x is the bin's centre. */
export interface DistributionBar {
  x: number;
  y: number;
  bin: HistogramBin;
}

/** Everything a distribution chart shows. */
export interface DistributionChartInput {
  metric: string;
  values: readonly number[];
  p50?: number;
  p95?: number;
  theme: ChartTheme;
}

/** The bars of a distribution chart (also its accessible table). */
export function distributionBars(values: readonly number[]): DistributionBar[] {
  return histogram(values).map((bin) => ({ x: (bin.from + bin.to) / 2, y: bin.count, bin }));
}

/** A histogram of the window's values with its p50 and p95 as vertical lines. */
export function distributionChartConfig(input: DistributionChartInput): ChartConfiguration<'bar', DistributionBar[]> {
  const { metric, theme } = input;
  const bars = distributionBars(input.values);
  const first = bars[0]?.bin;
  const lastBin = bars[bars.length - 1]?.bin;
  // A single bin (all values equal) still needs a visible width.
  const width =
    first && lastBin ? Math.max((lastBin.to - first.from) / bars.length, Math.abs(first.from) * 0.05 || 1) : 1;
  const min = first ? Math.min(first.from, bars[0]!.x - width / 2) : 0;
  const max = lastBin ? Math.max(lastBin.to, bars[bars.length - 1]!.x + width / 2) : 1;
  const vertical = [];
  if (input.p50 !== undefined) {
    vertical.push({ value: input.p50, label: `p50 ${formatMetric(metric, input.p50)}`, color: theme.median });
  }
  if (input.p95 !== undefined) {
    vertical.push({
      value: input.p95,
      label: `p95 ${formatMetric(metric, input.p95)}`,
      color: theme.p95,
      dashed: true,
    });
  }
  return {
    type: 'bar',
    data: {
      datasets: [
        {
          label: 'Runs',
          data: bars,
          parsing: false,
          backgroundColor: theme.bar,
          borderColor: theme.line,
          borderWidth: 1,
          barPercentage: 1,
          categoryPercentage: 0.96,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: 18, right: 8 } },
      scales: {
        x: {
          type: 'linear',
          min,
          max,
          grid: { color: theme.grid },
          ticks: {
            color: theme.muted,
            maxTicksLimit: 7,
            includeBounds: false,
            autoSkipPadding: 16,
            maxRotation: 0,
            callback: (v) => formatMetric(metric, Number(v)),
          },
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          grace: '10%',
          grid: { color: theme.grid },
          ticks: { color: theme.muted, precision: 0, maxTicksLimit: 6 },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => {
              const bar = items[0]?.raw as DistributionBar | undefined;
              return bar ? `${formatMetric(metric, bar.bin.from)} – ${formatMetric(metric, bar.bin.to)}` : '';
            },
            label: (item) => `${(item.raw as DistributionBar).y} runs`,
          },
        },
        markers: { vertical, font: theme.font },
      },
    },
  };
}
