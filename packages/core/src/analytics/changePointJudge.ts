/**
 * Deciding which proposed change points are real. Each one is judged between its neighbouring
 * change points (Otava's "weak change point" elimination): the weakest failing one is dropped
 * and its neighbours judged again, until every survivor passes. A short stretch between two
 * change points must still stand once its three most extreme runs are set aside, so a spike
 * that happens to sit among a few high runs is never taken for a new level.
 */
import {
  autocorrelationInflation,
  binarySegmentation,
  credibleAutocorrelation,
  splitSearchPValue,
} from './binarySegmentation.js';
import type { ChangePointSeries } from './changePointSeries.js';
import { mannWhitney, type RankTest } from './mannWhitney.js';
import { pooledT } from './pooledT.js';
import { SplitScanner } from './splitScanner.js';
import { median, percentChange, summarizeSegment, type ChangePointSegment } from './summarizeSegment.js';
import { normalTwoSided, tToZ } from './splitPValue.js';

export type { ChangePointSegment } from './summarizeSegment.js';

/** The thresholds a change must meet. */
export interface JudgeSettings {
  pValue: number;
  minSegment: number;
  minChangePercent: number;
  /** Search-corrected significance every split must also reach. */
  searchAlpha: number;
  /** Bumps of up to this many runs are outliers, not levels. */
  spikeRuns: number;
}

/** A change point that passed, with its evidence. */
export interface Verdict {
  /** Position in the analysed series. */
  at: number;
  p: number;
  changePercent: number;
  before: ChangePointSegment;
  after: ChangePointSegment;
  confidence: 'confirmed' | 'suspected';
}

interface Evidence {
  p: number;
  changePercent: number;
  before: ChangePointSegment;
  after: ChangePointSegment;
  passes: boolean;
}

/** The change points of a series: confirmed ones in order, then a suspected one at the end, if any. */
export function judgeChangePoints(series: ChangePointSeries, settings: JudgeSettings): Verdict[] {
  return new ChangePointJudge(series, settings).run();
}

class ChangePointJudge {
  private readonly scanner: SplitScanner;
  private readonly n: number;
  private readonly cache = new Map<string, Evidence>();
  private seriesRho = 0;

  constructor(
    private readonly series: ChangePointSeries,
    private readonly settings: JudgeSettings,
  ) {
    this.scanner = new SplitScanner(series.clipped, series.wild);
    this.n = series.raw.length;
  }

  run(): Verdict[] {
    const { minSegment, searchAlpha } = this.settings;
    let points = binarySegmentation(this.scanner, this.n, { minSegment, alpha: searchAlpha });
    // Autocorrelation belongs to the whole series; short stretches estimate it poorly.
    this.seriesRho = credibleAutocorrelation(this.scanner.lag1(0, points, this.n), this.n);
    // Dropping a point merges two segments, which can move the best split of what remains.
    for (let round = 0; round < 3; round++) {
      points = this.prune(points);
      const moved = this.relocate(points);
      if (moved.every((at, i) => at === points[i])) break;
      points = moved;
    }
    const verdicts: Verdict[] = points.map((at, i) => ({
      at,
      ...this.judge(points[i - 1] ?? 0, at, points[i + 1] ?? this.n),
      confidence: 'confirmed',
    }));
    const tail = this.suspectedTail(points.at(-1) ?? 0);
    if (tail) verdicts.push(tail);
    return verdicts;
  }

  private prune(points: number[]): number[] {
    const kept = [...points];
    for (;;) {
      let worst = -1;
      let worstP = -1;
      for (let i = 0; i < kept.length; i++) {
        const e = this.judge(kept[i - 1] ?? 0, kept[i]!, kept[i + 1] ?? this.n);
        if (!e.passes && e.p > worstP) {
          worst = i;
          worstP = e.p;
        }
      }
      if (worst < 0) return kept;
      kept.splice(worst, 1);
    }
  }

  /** Each point moved to the best split between its neighbours, when that split passes too. */
  private relocate(points: number[]): number[] {
    return points.map((at, i) => {
      const prev = points[i - 1] ?? 0;
      const next = points[i + 1] ?? this.n;
      const best = this.scanner.best(prev, next, this.settings.minSegment);
      if (!best || best.at === at) return at;
      return this.judge(prev, best.at, next).passes ? best.at : at;
    });
  }

  /**
   * A change that has only just begun: the last few runs (more than a spike, too few to be
   * confirmed) against the segment before them. A rank test cannot reach significance with so
   * few runs, so this uses Student's t on the (clipped) log scale, paying for each tail length
   * tried; and every one of those runs must lie beyond the earlier median, as a new level
   * would put them (a spike followed by ordinary runs does not).
   */
  private suspectedTail(lastPoint: number): Verdict | undefined {
    const { minSegment, pValue, spikeRuns } = this.settings;
    const longest = Math.min(2 * minSegment - 1, this.n - lastPoint - minSegment);
    const tries = longest - spikeRuns;
    let best: Verdict | undefined;
    for (let runs = spikeRuns + 1; runs <= longest; runs++) {
      const at = this.n - runs;
      const span = this.n - lastPoint;
      const t = this.scanner.t(lastPoint, at, this.n);
      const rho = Math.max(this.seriesRho, credibleAutocorrelation(this.scanner.lag1(lastPoint, [at], this.n), span));
      const p = Math.min(1, normalTwoSided(tToZ(t / autocorrelationInflation(rho), span - 2)) * tries);
      if (!(p < pValue)) continue;
      const e = this.evidence(lastPoint, at, this.n);
      if (Math.sign(t) !== Math.sign(e.changePercent) || !this.bigEnough(e.changePercent)) continue;
      if (!this.allBeyond(at, e.before.median, e.changePercent > 0)) continue;
      if (!best || p < best.p) best = { at, ...e, p, confidence: 'suspected' };
    }
    return best;
  }

  /**
   * Whether the newest runs, from `at` to the end, are a new level rather than a spike at the
   * end among a few runs that happen to be high: every one of them must lie beyond the earlier
   * median (a spike followed by ordinary runs fails that), and with their `spikeRuns` most
   * extreme runs set aside the rest must still differ from `[prev, at)`. So few runs remain
   * that a rank test could never pass, so the rest is held to Student's t on the clipped log
   * scale (widened for autocorrelation) at `pValue`, and to `minChangePercent`. A change only
   * a few runs old stays suspected a few runs longer; a spike is not confirmed.
   */
  private newestStandWithoutSpike(prev: number, at: number, e: Evidence): boolean {
    const { pValue, spikeRuns } = this.settings;
    const { clipped, wild, raw } = this.series;
    const rises = e.changePercent > 0;
    if (!this.allBeyond(at, e.before.median, rises)) return false;
    const keep = this.n - at - spikeRuns;
    if (keep < 1) return false;
    const earlier: number[] = [];
    for (let i = prev; i < at; i++) if (wild[i] === 0) earlier.push(clipped[i]!);
    const { t, dof } = pooledT(earlier, withoutHighest(clipped.slice(at, this.n), spikeRuns, rises));
    const inflation = autocorrelationInflation(this.autocorrelation(prev, at, this.n));
    if (!(normalTwoSided(tToZ(t / inflation, dof)) < pValue) || t > 0 !== rises) return false;
    const kept = withoutHighest(raw.slice(at, this.n), spikeRuns, rises);
    const percent = percentChange(e.before.median, median(kept));
    return this.bigEnough(percent) && percent > 0 === rises;
  }

  /** Whether every run from `from` to the end lies above (or below) `level`. */
  private allBeyond(from: number, level: number, above: boolean): boolean {
    const raw = this.series.raw;
    for (let i = from; i < this.n; i++) if (above ? !(raw[i]! > level) : !(raw[i]! < level)) return false;
    return true;
  }

  /** Evidence for a change at `at` between neighbours `prev` and `next`, with its verdict (cached). */
  private judge(prev: number, at: number, next: number): Evidence {
    const key = `${prev}:${at}:${next}`;
    let e = this.cache.get(key);
    if (!e) {
      e = this.evidence(prev, at, next);
      e.passes = this.passes(prev, at, next, e);
      this.cache.set(key, e);
    }
    return e;
  }

  private passes(prev: number, at: number, next: number, e: Evidence): boolean {
    const { minSegment, pValue, searchAlpha } = this.settings;
    if (at - prev < minSegment || next - at < minSegment) return false;
    if (!(e.p < pValue) || !this.bigEnough(e.changePercent)) return false;
    const rho = this.autocorrelation(prev, at, next);
    if (!(splitSearchPValue(this.scanner.t(prev, at, next), next - prev, minSegment, rho) < searchAlpha)) return false;
    return this.survivesSpikeRemoval(prev, at, next, e);
  }

  /**
   * A short segment (under two minimum segments) must still differ once its `spikeRuns` most
   * extreme runs in the direction of the change are set aside: a spike among a few runs that
   * happen to be high is not a new level. The newest runs are judged by {@link
   * newestStandWithoutSpike} instead, since a change that has just begun is short by nature.
   */
  private survivesSpikeRemoval(prev: number, at: number, next: number, e: Evidence): boolean {
    const { minSegment, pValue, spikeRuns } = this.settings;
    const rises = e.changePercent > 0;
    const laterIsShort = next - at <= at - prev;
    if ((laterIsShort ? next - at : at - prev) >= 2 * minSegment) return true;
    if (laterIsShort && next === this.n) {
      return this.newestStandWithoutSpike(prev, at, e);
    }
    const short = (laterIsShort ? this.inliers(at, next) : this.inliers(prev, at)).slice().sort();
    const other = laterIsShort ? this.inliers(prev, at) : this.inliers(at, next);
    // The short segment is the higher one when the later side rises (or the earlier side falls).
    const shortIsHigher = laterIsShort === rises;
    const keep = short.length - spikeRuns;
    if (keep < 1) return false;
    const kept = shortIsHigher ? short.subarray(0, keep) : short.subarray(spikeRuns);
    const test = this.rankTest(laterIsShort ? other : kept, laterIsShort ? kept : other, prev, at, next);
    const otherMedian = median(other);
    const keptMedian = median(kept);
    const percent = laterIsShort ? percentChange(otherMedian, keptMedian) : percentChange(keptMedian, otherMedian);
    return test.p < pValue && this.bigEnough(percent) && percent > 0 === rises && test.z > 0 === rises;
  }

  private evidence(prev: number, at: number, next: number): Evidence {
    const raw = this.series.raw;
    const test = this.rankTest(this.inliers(prev, at), this.inliers(at, next), prev, at, next);
    const before = summarizeSegment(raw.subarray(prev, at));
    const after = summarizeSegment(raw.subarray(at, next));
    const changePercent = percentChange(before.median, after.median);
    // Ranks moving one way while the median moves the other is no clear change.
    const agree = Number.isFinite(changePercent) && Math.sign(changePercent) === Math.sign(test.z);
    return { p: agree ? test.p : 1, changePercent, before, after, passes: false };
  }

  /** The values of `[from, to)` without the runs flagged as outliers. */
  private inliers(from: number, to: number): Float64Array {
    const { raw, outlier } = this.series;
    const kept = new Float64Array(to - from);
    let k = 0;
    for (let i = from; i < to; i++) if (outlier[i] === 0) kept[k++] = raw[i]!;
    return kept.subarray(0, k);
  }

  /**
   * Mann-Whitney between two groups, widened for autocorrelation measured between `prev` and
   * `next` (neighbouring runs sharing noise are worth less than independent ones).
   */
  private rankTest(earlier: Float64Array, later: Float64Array, prev: number, at: number, next: number): RankTest {
    const test = mannWhitney(earlier, later);
    const inflation = autocorrelationInflation(this.autocorrelation(prev, at, next));
    if (inflation === 1) return test;
    const z = test.z / inflation;
    return { p: normalTwoSided(z), z };
  }

  private bigEnough(percent: number): boolean {
    return Number.isFinite(percent) && Math.abs(percent) >= this.settings.minChangePercent;
  }

  private autocorrelation(prev: number, at: number, next: number): number {
    const local = credibleAutocorrelation(this.scanner.lag1(prev, [at], next), next - prev);
    return Math.max(local, this.seriesRho);
  }
}

/**
 * `values` sorted, without their `count` highest (or, when `highest` is false, lowest): the
 * runs left once a spike in that direction is set aside. Sorts `values` in place.
 */
function withoutHighest(values: Float64Array, count: number, highest: boolean): Float64Array {
  values.sort();
  return highest ? values.subarray(0, values.length - count) : values.subarray(count);
}
