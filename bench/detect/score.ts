/**
 * Scoring detections against the labels: a detection counts when it has the right direction
 * and lies within ±5 runs of a true change (anywhere along a ramp, give or take 5), each true
 * change matching at most one detection and each detection at most one change.
 */
import type { LabelledSeries, TrueChange } from './corpus.js';

/** What a detector reported for one series. */
export interface Detection {
  index: number;
  direction: 'regression' | 'improvement';
}

/** Matching tolerance in runs. */
export const TOLERANCE = 5;

/** Outcome of one series. */
export interface SeriesScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** |detected − true index| of each step matched (ramps have no single true index). */
  locationErrors: number[];
  /** Any detection at all. */
  alerted: boolean;
  /** A detection within ±5 runs of a spike. */
  alertedOnSpike: boolean;
}

function distance(change: TrueChange, index: number): number {
  if (index < change.index) return change.index - index;
  if (index > change.end) return index - change.end;
  return 0;
}

/** Scores one series' detections, matching greedily from the closest pair (optimal in 1-D). */
export function scoreSeries(series: LabelledSeries, detections: readonly Detection[]): SeriesScore {
  const pairs: Array<{ c: number; d: number; dist: number }> = [];
  series.changes.forEach((change, c) => {
    detections.forEach((det, d) => {
      const dist = distance(change, det.index);
      if (det.direction === change.direction && dist <= TOLERANCE) pairs.push({ c, d, dist });
    });
  });
  pairs.sort((x, y) => x.dist - y.dist);
  const usedChange = new Set<number>();
  const usedDetection = new Set<number>();
  const locationErrors: number[] = [];
  for (const { c, d, dist } of pairs) {
    if (usedChange.has(c) || usedDetection.has(d)) continue;
    usedChange.add(c);
    usedDetection.add(d);
    const change = series.changes[c]!;
    if (change.end === change.index) locationErrors.push(dist);
  }
  return {
    truePositives: usedChange.size,
    falsePositives: detections.length - usedDetection.size,
    falseNegatives: series.changes.length - usedChange.size,
    locationErrors,
    alerted: detections.length > 0,
    alertedOnSpike: detections.some((det) =>
      series.spikes.some((s) => det.index >= s.index - TOLERANCE && det.index <= s.end + TOLERANCE),
    ),
  };
}

/** Scores summed over a group of series. */
export class ScoreTally {
  series = 0;
  truePositives = 0;
  falsePositives = 0;
  falseNegatives = 0;
  alerted = 0;
  alertedOnSpike = 0;
  readonly locationErrors: number[] = [];

  add(score: SeriesScore): void {
    this.series++;
    this.truePositives += score.truePositives;
    this.falsePositives += score.falsePositives;
    this.falseNegatives += score.falseNegatives;
    if (score.alerted) this.alerted++;
    if (score.alertedOnSpike) this.alertedOnSpike++;
    this.locationErrors.push(...score.locationErrors);
  }

  /** Adds another tally's counts to this one. */
  merge(other: ScoreTally): void {
    this.series += other.series;
    this.truePositives += other.truePositives;
    this.falsePositives += other.falsePositives;
    this.falseNegatives += other.falseNegatives;
    this.alerted += other.alerted;
    this.alertedOnSpike += other.alertedOnSpike;
    this.locationErrors.push(...other.locationErrors);
  }

  get precision(): number {
    const found = this.truePositives + this.falsePositives;
    return found === 0 ? NaN : this.truePositives / found;
  }

  get recall(): number {
    const real = this.truePositives + this.falseNegatives;
    return real === 0 ? NaN : this.truePositives / real;
  }

  get f1(): number {
    const p = this.precision;
    const r = this.recall;
    if (Number.isNaN(r)) return NaN;
    if (Number.isNaN(p)) return 0;
    return p + r === 0 ? 0 : (2 * p * r) / (p + r);
  }

  /** Share of series with any alert. */
  get alertShare(): number {
    return this.series === 0 ? NaN : this.alerted / this.series;
  }

  get medianLocationError(): number {
    const e = [...this.locationErrors].sort((a, b) => a - b);
    if (e.length === 0) return NaN;
    const mid = e.length >> 1;
    return e.length % 2 === 1 ? e[mid]! : (e[mid - 1]! + e[mid]!) / 2;
  }
}
