/**
 * Two-sample t statistics for every split of any stretch of a series, from prefix sums: after
 * O(n) set-up each split costs O(1), so scanning a stretch for its best split is O(length).
 * Runs marked as outliers are left out of every sum, so one wild run cannot drag a mean.
 */

/** The strongest split of a stretch. */
export interface BestSplit {
  /** First position after the split. */
  at: number;
  /** Pooled two-sample t statistic: positive when the later part is higher. */
  t: number;
}

/** Prefix sums of one series, queried for the best split of any stretch. */
export class SplitScanner {
  private readonly count: Float64Array;
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;

  /**
   * @param y the series (centred near 0, so sums of squares keep their precision)
   * @param outlier 1 for each run to leave out
   */
  constructor(
    private readonly y: Float64Array,
    private readonly outlier: Uint8Array,
  ) {
    const n = y.length;
    this.count = new Float64Array(n + 1);
    this.sum = new Float64Array(n + 1);
    this.sumSq = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const keep = outlier[i] === 0;
      const v = keep ? y[i]! : 0;
      this.count[i + 1] = this.count[i]! + (keep ? 1 : 0);
      this.sum[i + 1] = this.sum[i]! + v;
      this.sumSq[i + 1] = this.sumSq[i]! + v * v;
    }
  }

  /**
   * The split of `[a, b)` with the largest |t| that leaves at least `minSegment` runs on each
   * side, or undefined when the stretch is too short.
   */
  best(a: number, b: number, minSegment: number): BestSplit | undefined {
    const first = a + minSegment;
    const last = b - minSegment;
    if (last < first) return undefined;
    const { sum, count } = this;
    const sumA = sum[a]!;
    const countA = count[a]!;
    const total = sum[b]! - sumA;
    const totalCount = count[b]! - countA;
    // With the total fixed, the largest t is the largest between-parts sum of squares,
    // (nLeft·total − totalCount·left)² / (nLeft·nRight) up to a constant factor.
    let bestAt = first;
    let bestScore = -1;
    for (let k = first; k <= last; k++) {
      const nLeft = count[k]! - countA;
      const nRight = totalCount - nLeft;
      if (nLeft === 0 || nRight === 0) continue;
      const gap = nLeft * total - totalCount * (sum[k]! - sumA);
      const score = (gap * gap) / (nLeft * nRight);
      if (score > bestScore) {
        bestScore = score;
        bestAt = k;
      }
    }
    // A left-out run on the boundary fits either side equally: the new level starts at the
    // first run that counts.
    while (bestAt < last && this.outlier[bestAt] !== 0) bestAt++;
    return { at: bestAt, t: this.t(a, bestAt, b) };
  }

  /** Pooled two-sample t statistic of `[k, b)` against `[a, k)`. */
  t(a: number, k: number, b: number): number {
    const { sum, sumSq, count } = this;
    const nLeft = count[k]! - count[a]!;
    const nRight = count[b]! - count[k]!;
    if (nLeft < 1 || nRight < 1 || nLeft + nRight < 3) return 0;
    const sLeft = sum[k]! - sum[a]!;
    const sRight = sum[b]! - sum[k]!;
    const ssLeft = sumSq[k]! - sumSq[a]! - (sLeft * sLeft) / nLeft;
    const ssRight = sumSq[b]! - sumSq[k]! - (sRight * sRight) / nRight;
    const d = sRight / nRight - sLeft / nLeft;
    const variance = Math.max(0, ssLeft + ssRight) / (nLeft + nRight - 2);
    if (!(variance > 0)) return d === 0 ? 0 : Math.sign(d) * Infinity;
    return d / Math.sqrt(variance * (1 / nLeft + 1 / nRight));
  }

  /** Runs of `[a, b)` that count (not outliers). */
  included(a: number, b: number): number {
    return this.count[b]! - this.count[a]!;
  }

  /**
   * Lag-1 autocorrelation of the residuals around the mean of each piece of `[a, b)` cut at
   * `cuts` (ascending, inside the stretch): how much each run's noise carries into the next.
   * Pairs with an outlier in them are skipped.
   */
  lag1(a: number, cuts: readonly number[], b: number): number {
    const { y, outlier, sum, count } = this;
    let num = 0;
    let den = 0;
    let start = a;
    for (let c = 0; c <= cuts.length; c++) {
      const end = c < cuts.length ? cuts[c]! : b;
      const n = count[end]! - count[start]!;
      if (n >= 2) {
        const mean = (sum[end]! - sum[start]!) / n;
        let prev = NaN;
        for (let i = start; i < end; i++) {
          if (outlier[i] !== 0) {
            prev = NaN;
            continue;
          }
          const r = y[i]! - mean;
          den += r * r;
          if (!Number.isNaN(prev)) num += r * prev;
          prev = r;
        }
      }
      start = end;
    }
    return den > 0 ? num / den : 0;
  }
}
