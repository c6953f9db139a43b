import { windowStart } from '../../timeWindow.js';
import type { ExecutionFilter } from '../sqlite/executionFilter.js';

/**
 * The WHERE clause of an {@link ExecutionFilter} over `executions e`, in PostgreSQL's
 * positional parameters: each value is appended to `params` and referred to by its
 * position. The SQL text depends only on which filters are set, so each variant is one
 * prepared statement.
 */
export function pgExecutionWhere(filter: ExecutionFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const param = (value: unknown): string => `$${params.push(value)}`;
  if (filter.scriptPath !== undefined) clauses.push(`e.script_path = ${param(filter.scriptPath)}`);
  if (filter.exitCode !== undefined) clauses.push(`e.exit_code = ${param(filter.exitCode)}`);
  if (filter.success !== undefined) clauses.push(filter.success ? 'e.success' : 'NOT e.success');
  const since = windowStart(filter);
  if (since !== undefined) clauses.push(`e.start_time >= ${param(since)}`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}
