import { windowStart } from '../../timeWindow.js';
import type { TimeWindow } from '../../types.js';

/** Filters on executions shared by several queries. */
export interface ExecutionFilter extends TimeWindow {
  scriptPath?: string;
  exitCode?: number;
  success?: boolean;
}

/**
 * Builds the WHERE clause (with named parameters) for an {@link ExecutionFilter} over
 * the `executions` table aliased `e`. The SQL text depends only on which filters are set,
 * so the statement cache holds a handful of variants, not one per value.
 */
export function executionWhere(filter: ExecutionFilter): { sql: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.scriptPath !== undefined) {
    clauses.push('e.script_path = @scriptPath');
    params.scriptPath = filter.scriptPath;
  }
  if (filter.exitCode !== undefined) {
    clauses.push('e.exit_code = @exitCode');
    params.exitCode = filter.exitCode;
  }
  if (filter.success !== undefined) {
    clauses.push(filter.success ? 'e.success = 1' : 'e.success = 0');
  }
  const since = windowStart(filter);
  if (since !== undefined) {
    clauses.push('e.start_time >= @since');
    params.since = since;
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
