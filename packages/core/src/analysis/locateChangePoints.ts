import { detectChangePoints, type ChangePoint, type ChangePointOptions } from '../analytics/detectChangePoints.js';
import type { MetricPoint } from '../types.js';

/** A change point with the run at which the new level starts. */
export interface LocatedChangePoint extends ChangePoint {
  /** Id of the first run at the new level. */
  execution_id: number;
  /** That run's `start_time`. */
  start_time: string;
}

/**
 * The change points of a metric series, each pointed at its run. Points whose value is not
 * finite are left out first, so that an index always names the run it was computed from.
 */
export function locateChangePoints(points: readonly MetricPoint[], options?: ChangePointOptions): LocatedChangePoint[] {
  const usable = points.filter((p) => Number.isFinite(p.value));
  return detectChangePoints(
    usable.map((p) => p.value),
    options,
  ).map((change) => {
    const run = usable[change.index]!;
    return { ...change, execution_id: run.execution_id, start_time: run.timestamp };
  });
}
