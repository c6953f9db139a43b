const BARS = '▁▂▃▄▅▆▇█';

/**
 * Below this spread (relative to the top of the scale) a series is drawn against a floor
 * of top·(1 − MIN_SPREAD), so ±3 % of noise shows as a flat line, not as full-height bars.
 */
const MIN_SPREAD = 0.2;
/** Tukey's fences: values beyond quartile ± 1.5·IQR are outliers and do not set the scale. */
const FENCE = 1.5;

/**
 * Draws values as a row of block characters (▁ lowest … █ highest), scaled per series
 * between its smallest and largest value that is not an outlier (Tukey's fences), so one
 * 3× run or one failure after a second does not flatten the other runs; outliers are drawn
 * full or empty. Non-finite values are spaces, so positions still line up with runs.
 */
export function sparkline(values: readonly number[]): string {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return ' '.repeat(values.length);
  const q1 = sorted[Math.floor(sorted.length / 4)]!;
  const q3 = sorted[Math.floor((3 * sorted.length) / 4)]!;
  const top = Math.min(sorted[sorted.length - 1]!, q3 + FENCE * (q3 - q1));
  const low = Math.max(sorted[0]!, q1 - FENCE * (q3 - q1));
  const bottom = Math.min(low, top - Math.abs(top) * MIN_SPREAD);
  const span = top - bottom;
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      if (span <= 0) return BARS[3];
      const level = Math.floor(((Math.min(Math.max(v, bottom), top) - bottom) / span) * BARS.length);
      return BARS[Math.max(0, Math.min(BARS.length - 1, level))];
    })
    .join('');
}
