/**
 * Where did a metric's level change, and is the change real? runner.py's window comparison
 * cries wolf on ordinary noise and cannot say when a change happened; this finds the run where
 * a new level starts, the way Apache Otava (Hunter), Chromium's perf dashboard and asv do:
 * binary segmentation on the log scale proposes splits, and each is kept only if a rank test
 * between its neighbouring segments, the size of the shift and the length of the segments all
 * say it is a change rather than noise, an outlier or a spike.
 */
import { changePointSeries } from './changePointSeries.js';
import { judgeChangePoints, type ChangePointSegment } from './changePointJudge.js';

export type { ChangePointSegment } from './changePointJudge.js';

/** A run where the level of a series changed. */
export interface ChangePoint {
  /** Position in the input array of the first run at the new level. */
  index: number;
  /** The runs since the previous change point (or the start) up to this one. */
  before: ChangePointSegment;
  /** The runs from this change point up to the next one (or the end). */
  after: ChangePointSegment;
  /** (after.median − before.median) / before.median · 100, two decimals. */
  change_percent: number;
  /**
   * Two-sided p-value of the difference between `before` and `after`, three significant
   * digits: Mann-Whitney for a confirmed change; for a suspected one (too few runs after it for
   * a rank test) Student's t on the log scale, multiplied by the number of tail lengths tried.
   */
  p_value: number;
  /** Higher values mean slower runs: a rise is a regression. */
  direction: 'regression' | 'improvement';
  /**
   * `suspected` for a change that has only just begun: fewer than `minSegment` runs follow
   * it, or fewer than 2·minSegment that are not yet enough to confirm it. At most one, last.
   */
  confidence: 'confirmed' | 'suspected';
}

/** Tuning of {@link detectChangePoints}; every field is optional. */
export interface ChangePointOptions {
  /** A change needs a p-value below this between its neighbouring segments. Default 0.001. */
  pValue?: number;
  /**
   * Fewest runs in a segment: a confirmed change has at least this many on both sides.
   * Default 5; never below 4, since a bump of 1–3 runs is a spike, not a level.
   */
  minSegment?: number;
  /** Smallest shift of the median worth reporting, in percent. Default 5. */
  minChangePercent?: number;
  /** Analyse only the latest this many values (indices still refer to the whole input). Default 5000. */
  maxPoints?: number;
}

const DEFAULTS: Required<ChangePointOptions> = { pValue: 0.001, minSegment: 5, minChangePercent: 5, maxPoints: 5000 };

/**
 * Significance of the best split once the search over every position is paid for. The rank
 * test then holds each survivor to `pValue`; this keeps the search itself from turning the
 * thousands of splits of a long history into thousands of chances for noise to pass.
 */
const SEARCH_ALPHA = 0.01;

/** Bumps of up to this many runs are outliers, not changes of level. */
const SPIKE_RUNS = 3;

/**
 * Change points of a series in run order (oldest first), sorted by index. Values that are NaN
 * or ±Infinity are skipped (indices still point into `values`); a series too short (fewer
 * than 2·minSegment values), constant or without any real change gives `[]`. Works on
 * log(values) when all are positive, on the values themselves otherwise; a level that starts
 * from a median of 0 has no percentage change and is not reported. Never throws: unusable
 * options fall back to their defaults.
 */
export function detectChangePoints(values: readonly number[], options: ChangePointOptions = {}): ChangePoint[] {
  if (!Array.isArray(values)) return [];
  const o: ChangePointOptions = options ?? {};
  const minSegment = Math.max(SPIKE_RUNS + 1, Math.floor(pick(o.minSegment, DEFAULTS.minSegment, (v) => v >= 1)));
  const settings = {
    pValue: pick(o.pValue, DEFAULTS.pValue, (v) => v > 0 && v <= 1),
    minSegment,
    minChangePercent: pick(o.minChangePercent, DEFAULTS.minChangePercent, (v) => v >= 0),
    searchAlpha: SEARCH_ALPHA,
    spikeRuns: SPIKE_RUNS,
  };
  const maxPoints = Math.floor(pick(o.maxPoints, DEFAULTS.maxPoints, (v) => v >= 1));
  const series = changePointSeries(values, maxPoints);
  if (!series || series.raw.length < 2 * minSegment) return [];
  return judgeChangePoints(series, settings).map((v) => ({
    index: series.positions[v.at]!,
    before: v.before,
    after: v.after,
    change_percent: twoDecimals(v.changePercent),
    p_value: Number(v.p.toPrecision(3)),
    direction: v.changePercent > 0 ? 'regression' : 'improvement',
    confidence: v.confidence,
  }));
}

/** `x` to two decimals; from 2^52 on every double is a whole number (and ·100 could overflow). */
function twoDecimals(x: number): number {
  return Math.abs(x) >= 2 ** 52 ? x : Math.round(x * 100) / 100;
}

/** `value` when it is a finite number that `valid` accepts, else `fallback`. */
function pick(value: unknown, fallback: number, valid: (v: number) => boolean): number {
  return typeof value === 'number' && Number.isFinite(value) && valid(value) ? value : fallback;
}
