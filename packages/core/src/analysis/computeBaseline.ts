import { baseline, type BaselineMethod, type BaselineResult } from '../analytics/baseline.js';
import type { HistoryStore } from '../store/HistoryStore.js';
import { timeBasedBaseline, type TimeBasedBaseline, type TimeBasedBaselineEmpty } from './timeBasedBaseline.js';

/** What `/api/analysis/baseline` asks for. */
export interface BaselineQuery {
  scriptPath?: string;
  metricName: string;
  /** Default `intelligent`. */
  method?: BaselineMethod | 'time-based';
  /** For `percentile`: 0–100, default 50. */
  percentile?: number;
  /** Days of history the value-based methods use; default 30 (`time-based` uses 7 and 30). */
  days?: number;
  now?: Date | string;
}

/** The answer of {@link computeBaseline}. */
export type BaselineAnalysis = BaselineResult | TimeBasedBaseline | TimeBasedBaselineEmpty;

/**
 * A script's metric baseline by the chosen method: the value-based ones over the last `days`
 * days of runs, or runner.py's time-based comparison of the last 7 days with the last 30.
 *
 * @throws RangeError for an unknown method or a percentile outside 0–100.
 */
export async function computeBaseline(store: HistoryStore, query: BaselineQuery): Promise<BaselineAnalysis> {
  const method = query.method ?? 'intelligent';
  if (method === 'time-based') {
    return timeBasedBaseline(store, { scriptPath: query.scriptPath, metricName: query.metricName, now: query.now });
  }
  const points = await store.metricSeries({
    scriptPath: query.scriptPath,
    metricName: query.metricName,
    days: query.days ?? 30,
    now: query.now,
  });
  return baseline(
    points.map((p) => p.value),
    { method, percentile: query.percentile },
  );
}
