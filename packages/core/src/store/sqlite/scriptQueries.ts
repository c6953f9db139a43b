import type { ScriptSummary } from '../../types.js';
import { toScriptSummary } from '../aggregateRows.js';
import type { SqliteConnection } from './SqliteConnection.js';

const LIST_SCRIPTS = `
  SELECT script_path AS path, COUNT(*) AS execution_count,
         SUM(CASE WHEN success THEN 1 ELSE 0 END) AS successful_runs, MAX(start_time) AS last_execution
  FROM executions GROUP BY script_path ORDER BY last_execution DESC, path`;

/** Every script with its run counts, most recently run first. */
export function listScripts(conn: SqliteConnection): ScriptSummary[] {
  const rows = conn.statement(LIST_SCRIPTS).all() as Array<Omit<ScriptSummary, 'success_rate'>>;
  return rows.map(toScriptSummary);
}

// A skip-scan over idx_script_path: one index seek per distinct value instead of a scan of
// every row, so it stays instant on millions of runs.
const SCRIPT_PATHS = `
  WITH RECURSIVE p(v) AS (
    SELECT MIN(script_path) FROM executions
    UNION ALL
    SELECT (SELECT MIN(script_path) FROM executions WHERE script_path > p.v) FROM p WHERE p.v IS NOT NULL
  ) SELECT v FROM p WHERE v IS NOT NULL`;

/** Every distinct script path, sorted. */
export function scriptPaths(conn: SqliteConnection): string[] {
  return conn.statement(SCRIPT_PATHS).pluck().all() as string[];
}
