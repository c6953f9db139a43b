import type { HistoryStore } from '../store/HistoryStore.js';
import { locateChangePoints, type LocatedChangePoint } from './locateChangePoints.js';

/** Which metric and window {@link findRegressions} scans. */
export interface RegressionsQuery {
  /** Default `execution_time_seconds`. */
  metricName?: string;
  /** Default 30. */
  days?: number;
  now?: Date | string;
}

/** One script whose metric changed level in the window. */
export interface ScriptRegressions {
  script_path: string;
  metric_name: string;
  /** Its confirmed change points, oldest first. */
  change_points: LocatedChangePoint[];
}

/**
 * Every script whose metric has a confirmed change of level in the window, for
 * `/api/analysis/regressions`: the script with the newest change first. One series query
 * per script.
 */
export async function findRegressions(store: HistoryStore, query: RegressionsQuery = {}): Promise<ScriptRegressions[]> {
  const metricName = query.metricName ?? 'execution_time_seconds';
  const days = query.days ?? 30;
  const found: ScriptRegressions[] = [];
  for (const scriptPath of await store.scriptPaths()) {
    const series = await store.metricSeries({ scriptPath, metricName, days, now: query.now });
    const confirmed = locateChangePoints(series).filter((c) => c.confidence === 'confirmed');
    if (confirmed.length > 0)
      found.push({ script_path: scriptPath, metric_name: metricName, change_points: confirmed });
  }
  const newest = (entry: ScriptRegressions): string =>
    entry.change_points.reduce((latest, c) => (c.start_time > latest ? c.start_time : latest), '');
  return found.sort((a, b) => (newest(a) < newest(b) ? 1 : newest(a) > newest(b) ? -1 : 0));
}
