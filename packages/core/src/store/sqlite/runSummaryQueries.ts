import type { RunSummaryQuery, ScriptRunSummary } from '../HistoryStore.js';
import { toScriptRunSummary } from '../aggregateRows.js';
import { checkBucketBounds } from '../checkBucketBounds.js';
import type { SqliteConnection } from './SqliteConnection.js';

/**
 * The grouped pass behind {@link runSummaries}: one row per script. `last_duration` is a
 * bare column, which SQLite documents to come from the row holding the query's only
 * MAX(); the bucket columns depend on how many bounds there are, so the SQL text (and its
 * cached statement) does too.
 */
function runSummarySql(bucketCount: number): string {
  const buckets = Array.from({ length: bucketCount }, (_, i) => `, SUM(execution_time_seconds <= ?) AS b${i}`).join('');
  return `
  SELECT script_path,
         SUM(CASE WHEN timed_out THEN 0 WHEN success THEN 1 ELSE 0 END) AS successes,
         SUM(CASE WHEN timed_out THEN 1 ELSE 0 END) AS timeouts,
         COUNT(*) AS runs,
         TOTAL(execution_time_seconds) AS duration_sum${buckets},
         MAX(start_time) AS last_start_time,
         execution_time_seconds AS last_duration
  FROM executions GROUP BY script_path ORDER BY last_start_time DESC, script_path`;
}

/** Runs by outcome, a cumulative duration histogram and the newest run of every script. */
export function runSummaries(conn: SqliteConnection, query: RunSummaryQuery): ScriptRunSummary[] {
  const bounds = checkBucketBounds(query.bucketBounds);
  const rows = conn.statement(runSummarySql(bounds.length)).all(...bounds) as Array<Record<string, number | string>>;
  return rows.map((r) => toScriptRunSummary(r, bounds.length));
}
