import type { RunSummaryQuery, ScriptRunSummary } from '../HistoryStore.js';
import { toScriptRunSummary } from '../aggregateRows.js';
import { checkBucketBounds } from '../checkBucketBounds.js';
import type { PostgresConnection } from './PostgresConnection.js';

/**
 * The grouped pass behind {@link pgRunSummaries}: one row per script. The bucket columns
 * depend on how many bounds there are, so the SQL text (and its prepared statement) does
 * too. The newest run's duration is taken from the earliest-recorded run at the newest
 * start_time, as SQLite's bare column beside MAX() does.
 */
function runSummarySql(bucketCount: number): string {
  const buckets = Array.from(
    { length: bucketCount },
    (_, i) => `, COUNT(*) FILTER (WHERE execution_time_seconds <= $${i + 1}) AS b${i}`,
  ).join('');
  return `
  SELECT script_path,
         SUM(CASE WHEN timed_out THEN 0 WHEN success THEN 1 ELSE 0 END) AS successes,
         SUM(CASE WHEN timed_out THEN 1 ELSE 0 END) AS timeouts,
         COUNT(*) AS runs,
         COALESCE(SUM(execution_time_seconds), 0) AS duration_sum${buckets},
         MAX(start_time) AS last_start_time,
         (array_agg(execution_time_seconds ORDER BY start_time DESC, id))[1] AS last_duration
  FROM executions GROUP BY script_path ORDER BY last_start_time DESC, script_path`;
}

/** Runs by outcome, a cumulative duration histogram and the newest run of every script. */
export async function pgRunSummaries(conn: PostgresConnection, query: RunSummaryQuery): Promise<ScriptRunSummary[]> {
  const bounds = checkBucketBounds(query.bucketBounds);
  const rows = await conn.rows<Record<string, number | string>>(runSummarySql(bounds.length), bounds);
  return rows.map((r) => toScriptRunSummary(r, bounds.length));
}
