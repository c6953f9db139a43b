import {
  BarController,
  BarElement,
  Chart,
  Decimation,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

let registered = false;

/**
 * Registers the Chart.js parts runner-dash draws with (line and bar charts on linear
 * scales, tooltips, decimation) and nothing else, which keeps the bundle small.
 * Idempotent; returns Chart for convenience.
 */
export function registerChart(): typeof Chart {
  if (!registered) {
    Chart.register(
      LineController,
      BarController,
      LineElement,
      PointElement,
      BarElement,
      LinearScale,
      Tooltip,
      Decimation,
    );
    registered = true;
  }
  return Chart;
}
