import type { ChartConfiguration, TooltipItem } from 'chart.js';
import type { ChangePointJson } from '../data/apiTypes.js';
import { formatChange, formatDateTime, formatMetric, formatTick, metricLabel, parseTimestamp } from '../format.js';
import type { ChartTheme } from './chartTheme.js';
import type { LineMarker } from './markersPlugin.js';

/** One run on a trend chart: x is its start time (ms), y the metric's value. */
export interface TrendPoint {
  x: number;
  y: number;
  execution_id: number;
  /** Known once the run's row has been fetched. */
  exit_code?: number;
  attempt_number?: number;
  success?: boolean;
  timed_out?: boolean;
  script_path?: string;
}

/** Everything a trend chart shows. */
export interface TrendChartInput {
  metric: string;
  points: TrendPoint[];
  /** p50 and p95 of the window: the baseline band. */
  band?: { p50: number; p95: number };
  changePoints?: ChangePointJson[];
  theme: ChartTheme;
}

/** Above this many points the line is drawn without dots and decimated. */
const DENSE = 150;

/**
 * The Chart.js configuration of a trend: the runs as a line over time, failed runs as red
 * diamonds, the p50–p95 band, and change points as vertical markers with their change.
 */
export function trendChartConfig(input: TrendChartInput): ChartConfiguration<'line', TrendPoint[]> {
  const { metric, points, theme } = input;
  const failed = points.filter((p) => p.success === false);
  const first = points[0]?.x ?? 0;
  const last = points[points.length - 1]?.x ?? first;
  const span = Math.max(1000, last - first);
  const dense = points.length > DENSE;
  const horizontal: LineMarker[] = [];
  if (input.band) {
    horizontal.push({
      value: input.band.p50,
      label: `p50 ${formatMetric(metric, input.band.p50)}`,
      color: theme.median,
    });
    horizontal.push({
      value: input.band.p95,
      label: `p95 ${formatMetric(metric, input.band.p95)}`,
      color: theme.p95,
      dashed: true,
    });
  }
  const vertical: LineMarker[] = (input.changePoints ?? []).map((cp) => ({
    value: parseTimestamp(cp.start_time),
    label: formatChange(cp.change_percent),
    color: cp.direction === 'regression' ? theme.regression : theme.improvement,
    dashed: cp.confidence !== 'confirmed',
  }));
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: metricLabel(metric),
          data: points,
          parsing: false,
          normalized: true,
          borderColor: theme.line,
          backgroundColor: theme.line,
          borderWidth: dense ? 1.25 : 2,
          pointRadius: dense ? 0 : 2.5,
          pointHoverRadius: 5,
          pointHitRadius: 6,
          tension: 0,
        },
        {
          label: 'Failed runs',
          data: failed,
          parsing: false,
          showLine: false,
          borderColor: theme.fail,
          backgroundColor: theme.fail,
          pointStyle: 'rectRot',
          pointRadius: 5,
          pointHoverRadius: 7,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      layout: { padding: { top: 18, right: 8 } },
      scales: {
        x: {
          type: 'linear',
          min: first,
          max: last === first ? first + 1000 : last,
          grid: { color: theme.grid },
          ticks: {
            color: theme.muted,
            maxTicksLimit: 7,
            includeBounds: false,
            autoSkipPadding: 16,
            maxRotation: 0,
            callback: (value) => formatTick(Number(value), span),
          },
        },
        y: {
          type: 'linear',
          grace: '8%',
          grid: { color: theme.grid },
          ticks: { color: theme.muted, maxTicksLimit: 6, callback: (value) => formatMetric(metric, Number(value)) },
        },
      },
      plugins: {
        decimation: { enabled: dense, algorithm: 'lttb', samples: 600, threshold: 800 },
        tooltip: {
          filter: (item) => item.datasetIndex === 0,
          callbacks: {
            title: (items) => (items[0] ? formatDateTime((items[0].raw as TrendPoint).x) : ''),
            label: (item) => `${metricLabel(metric)}: ${formatMetric(metric, (item.raw as TrendPoint).y)}`,
            afterLabel: (item: TooltipItem<'line'>) => describeRun(item.raw as TrendPoint),
          },
        },
        markers: {
          band: input.band && { from: input.band.p50, to: input.band.p95, color: theme.band },
          horizontal,
          vertical,
          font: theme.font,
        },
      },
    },
  };
}

/** The tooltip's second line: which run, how it ended. */
export function describeRun(point: TrendPoint): string {
  const parts = [`run #${point.execution_id}`];
  if (point.script_path) parts.push(point.script_path);
  if (point.exit_code !== undefined) {
    parts.push(point.timed_out ? `timed out (exit ${point.exit_code})` : `exit code ${point.exit_code}`);
  }
  if (point.attempt_number !== undefined) parts.push(`attempt ${point.attempt_number}`);
  return parts.join(' · ');
}
