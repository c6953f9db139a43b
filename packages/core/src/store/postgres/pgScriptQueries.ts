import type { ScriptSummary } from '../../types.js';
import { toScriptSummary } from '../aggregateRows.js';
import type { PostgresConnection } from './PostgresConnection.js';

const LIST_SCRIPTS = `
  SELECT script_path AS path, COUNT(*) AS execution_count,
         SUM(CASE WHEN success THEN 1 ELSE 0 END) AS successful_runs, MAX(start_time) AS last_execution
  FROM executions GROUP BY script_path ORDER BY last_execution DESC, path`;

/** Every script with its run counts, most recently run first. */
export async function pgListScripts(conn: PostgresConnection): Promise<ScriptSummary[]> {
  const rows = await conn.rows<Omit<ScriptSummary, 'success_rate'>>(LIST_SCRIPTS);
  return rows.map(toScriptSummary);
}

// A loose index scan over idx_script_path (PostgreSQL has no skip scan of its own): one
// index probe per distinct path instead of reading every run.
const SCRIPT_PATHS = `
  WITH RECURSIVE p(v) AS (
    (SELECT script_path FROM executions ORDER BY script_path LIMIT 1)
    UNION ALL
    SELECT (SELECT script_path FROM executions WHERE script_path > p.v ORDER BY script_path LIMIT 1)
    FROM p WHERE p.v IS NOT NULL
  ) SELECT v FROM p WHERE v IS NOT NULL`;

/** Every distinct script path, sorted (byte order, as SQLite). */
export async function pgScriptPaths(conn: PostgresConnection): Promise<string[]> {
  return (await conn.rows<{ v: string }>(SCRIPT_PATHS)).map((r) => r.v);
}
