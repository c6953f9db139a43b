import type { Chart, ChartType, Plugin } from 'chart.js';

/** A horizontal band between two y values (the baseline band of a trend). */
export interface BandMarker {
  from: number;
  to: number;
  color: string;
}

/** A line across the chart at one value, with a short label. */
export interface LineMarker {
  value: number;
  label: string;
  color: string;
  dashed?: boolean;
}

/** What {@link markersPlugin} draws, passed as `options.plugins.markers`. */
export interface MarkersOptions {
  band?: BandMarker;
  /** Lines at y values, labelled at the right edge. */
  horizontal?: LineMarker[];
  /** Lines at x values, labelled at the top. */
  vertical?: LineMarker[];
  font?: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    markers?: MarkersOptions & { readonly _chartType?: TType };
  }
}

/**
 * Draws baseline bands, percentile lines and change-point markers. Our own 70 lines
 * instead of chartjs-plugin-annotation: three shapes are all the dashboard needs.
 */
export const markersPlugin: Plugin = {
  id: 'markers',
  beforeDatasetsDraw(chart: Chart, _args, options: MarkersOptions) {
    const { band } = options;
    const y = chart.scales.y;
    if (!band || !y) return;
    const { ctx, chartArea } = chart;
    const top = clamp(y.getPixelForValue(Math.max(band.from, band.to)), chartArea.top, chartArea.bottom);
    const bottom = clamp(y.getPixelForValue(Math.min(band.from, band.to)), chartArea.top, chartArea.bottom);
    ctx.save();
    ctx.fillStyle = band.color;
    ctx.fillRect(chartArea.left, top, chartArea.right - chartArea.left, Math.max(1, bottom - top));
    ctx.restore();
  },
  afterDatasetsDraw(chart: Chart, _args, options: MarkersOptions) {
    const { ctx, chartArea } = chart;
    const x = chart.scales.x;
    const y = chart.scales.y;
    ctx.save();
    ctx.font = `11px ${options.font ?? 'sans-serif'}`;
    ctx.lineWidth = 1.5;
    const horizontal = options.horizontal ?? [];
    const lowest = horizontal.length > 1 ? horizontal.reduce((a, b) => (b.value < a.value ? b : a)) : undefined;
    for (const marker of horizontal) {
      if (!y) break;
      const py = y.getPixelForValue(marker.value);
      if (py < chartArea.top || py > chartArea.bottom) continue;
      stroke(ctx, marker, chartArea.left, py, chartArea.right, py);
      ctx.fillStyle = marker.color;
      ctx.textAlign = 'right';
      // The lowest line's label goes under it, the others above: close lines keep readable labels.
      const below = marker === lowest;
      ctx.textBaseline = below ? 'top' : 'bottom';
      ctx.fillText(marker.label, chartArea.right - 4, below ? py + 2 : py - 2);
    }
    // Labels that would overlap the previous one drop a line.
    let lastRight = -Infinity;
    let row = 0;
    const sorted = [...(options.vertical ?? [])].sort((a, b) => a.value - b.value);
    for (const marker of sorted) {
      if (!x) break;
      const px = x.getPixelForValue(marker.value);
      if (px < chartArea.left - 0.5 || px > chartArea.right + 0.5) continue;
      stroke(ctx, marker, px, chartArea.top, px, chartArea.bottom);
      ctx.fillStyle = marker.color;
      ctx.textBaseline = 'top';
      const width = ctx.measureText(marker.label).width;
      // Keep labels near the right edge inside the plot.
      const right = px + width + 6 > chartArea.right;
      const left = right ? px - 4 - width : px + 4;
      row = left < lastRight + 4 ? row + 1 : 0;
      lastRight = left + width;
      ctx.textAlign = 'left';
      ctx.fillText(marker.label, left, chartArea.top + 2 + row * 13);
    }
    ctx.restore();
  },
};

function stroke(
  ctx: CanvasRenderingContext2D,
  marker: LineMarker,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
): void {
  ctx.strokeStyle = marker.color;
  ctx.setLineDash(marker.dashed ? [5, 4] : []);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
