/** One bar of a histogram: values in `[from, to)` (the last bar includes its `to`). */
export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/**
 * Splits values into equal-width bins for a distribution chart. The number of bins
 * follows the Freedman–Diaconis rule (robust to the long tails run times have), kept
 * between 5 and `maxBins`; NaN and infinities are ignored. All-equal values make one bin.
 */
export function histogram(values: readonly number[], maxBins = 40): HistogramBin[] {
  const data = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = data.length;
  if (n === 0) return [];
  const min = data[0] as number;
  const max = data[n - 1] as number;
  if (min === max) return [{ from: min, to: max, count: n }];
  const iqr = quantile(data, 0.75) - quantile(data, 0.25);
  const fdWidth = iqr > 0 ? (2 * iqr) / Math.cbrt(n) : 0;
  const fdBins = fdWidth > 0 ? Math.ceil((max - min) / fdWidth) : Math.ceil(Math.sqrt(n));
  const bins = Math.max(Math.min(5, n), Math.min(maxBins, fdBins));
  const width = (max - min) / bins;
  // A range of a few subnormal steps cannot be split: one bar.
  if (!(width > 0)) return [{ from: min, to: max, count: n }];
  const result: HistogramBin[] = Array.from({ length: bins }, (_, i) => ({
    from: i === 0 ? min : min + i * width,
    to: i === bins - 1 ? max : min + (i + 1) * width,
    count: 0,
  }));
  for (const value of data) {
    const index = Math.min(bins - 1, Math.floor((value - min) / width));
    (result[index] as HistogramBin).count += 1;
  }
  return result;
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (position - low);
}
