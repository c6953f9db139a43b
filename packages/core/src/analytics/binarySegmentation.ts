/**
 * Where might the level of a series have changed? Binary segmentation: split a stretch at its
 * strongest split when that split beats the search-corrected significance level, then look at
 * each side again. A change that lasts only a short while inside a long stretch (a regression
 * fixed 40 runs later, in a history of 5,000) barely moves any split of the whole stretch, so a
 * stretch with no significant split is also scanned with shorter, overlapping windows at every
 * scale, each window paying for the number of windows looked at (Bonferroni).
 */
import type { SplitScanner } from './splitScanner.js';
import { maxSplitPValue, tToZ } from './splitPValue.js';

/** How strict the search is. */
export interface SegmentationSettings {
  /** Fewest runs on either side of a split. */
  minSegment: number;
  /** Significance level of a split once the search over all positions is paid for. */
  alpha: number;
}

/**
 * Factor by which autocorrelated noise widens the spread of a difference of means: with lag-1
 * correlation ρ, neighbouring runs repeat part of each other's noise and the effective number of
 * runs shrinks by (1 − ρ)/(1 + ρ).
 */
export function autocorrelationInflation(rho: number): number {
  const r = Math.min(Math.max(rho, 0), 0.9);
  return Math.sqrt((1 + r) / (1 - r));
}

/**
 * The autocorrelation worth believing: the sample value less one standard error (1/√length),
 * so independent noise in a short series is not penalised for a lucky estimate. (Residuals
 * around fitted means understate ρ a little; correcting that too cost more power on short
 * independent series than it bought in false alarms under AR(1) noise in the benchmark.)
 */
export function credibleAutocorrelation(sample: number, length: number): number {
  return Math.max(0, sample - 1 / Math.sqrt(Math.max(length, 1)));
}

/**
 * Search-corrected p-value of a split with statistic `t` chosen as the best of a stretch of
 * `length` runs, after deflating `t` for autocorrelation `rho`.
 */
export function splitSearchPValue(t: number, length: number, minSegment: number, rho: number): number {
  const z = tToZ(t / autocorrelationInflation(rho), length - 2);
  return maxSplitPValue(z, length, minSegment);
}

/** Candidate change positions in `[0, n)`, ascending: the first run of each new level. */
export function binarySegmentation(scanner: SplitScanner, n: number, settings: SegmentationSettings): number[] {
  const { minSegment, alpha } = settings;
  const found: number[] = [];
  const stack: Array<[number, number]> = [[0, n]];
  // Autocorrelation is a trait of the whole series: what the first split shows holds for the
  // pieces too, whose own estimates are shorter and so less sure.
  let seriesRho = 0;
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const best = scanner.best(a, b, minSegment);
    if (!best) continue;
    const localRho = credibleAutocorrelation(scanner.lag1(a, [best.at], b), b - a);
    if (a === 0 && b === n) seriesRho = localRho;
    const rho = Math.max(localRho, seriesRho);
    let at: number | undefined;
    if (splitSearchPValue(best.t, b - a, minSegment, rho) < alpha) at = best.at;
    else at = windowScan(scanner, a, b, rho, settings);
    if (at === undefined) continue;
    found.push(at);
    stack.push([a, at], [at, b]);
  }
  return found.sort((x, y) => x - y);
}

/**
 * The most significant split among windows of 4·minSegment, 8·minSegment, … runs (each
 * overlapping its neighbour by half) inside `[a, b)`, if any is significant after paying for
 * every window of every scale.
 */
function windowScan(
  scanner: SplitScanner,
  a: number,
  b: number,
  rho: number,
  settings: SegmentationSettings,
): number | undefined {
  const { minSegment, alpha } = settings;
  const length = b - a;
  const widths: number[] = [];
  for (let w = 4 * minSegment; w <= length / 2; w *= 2) widths.push(w);
  if (widths.length === 0) return undefined;
  const inflation = autocorrelationInflation(rho);
  let bestP = alpha;
  let bestAt: number | undefined;
  for (const width of widths) {
    const step = width >> 1;
    const windows = Math.ceil((length - width) / step) + 1;
    const budget = alpha / (windows * widths.length);
    // Most windows are plain noise: skip them on the statistic alone before any tail maths.
    const needed = criticalZ(budget, width, minSegment);
    for (let w = 0; w < windows; w++) {
      const start = Math.min(a + w * step, b - width);
      const best = scanner.best(start, start + width, minSegment);
      if (!best || Math.abs(best.t) / inflation < needed) continue;
      const p = splitSearchPValue(best.t, width, minSegment, rho) * windows * widths.length;
      if (p < bestP) {
        bestP = p;
        bestAt = best.at;
      }
    }
  }
  return bestAt;
}

/** The smallest z whose search-corrected p-value is at most `p` (bisection; t is never below it). */
function criticalZ(p: number, length: number, minSegment: number): number {
  let lo = 0;
  let hi = 40;
  // 30 halvings leave an uncertainty of 4e-8 in z: far finer than the statistics need.
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (maxSplitPValue(mid, length, minSegment) > p) lo = mid;
    else hi = mid;
  }
  return lo;
}
