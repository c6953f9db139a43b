import type { ExecutionSummary } from './data/apiTypes.js';

/** The columns the executions table sorts by. */
export type ExecutionSortKey =
  'id' | 'script_path' | 'timestamp' | 'execution_time_seconds' | 'exit_code' | 'attempt_number';

/** A sort order: which column, which way. */
export interface ExecutionSort {
  key: ExecutionSortKey;
  descending: boolean;
}

/**
 * A sorted copy of the rows. Ties keep the newest (highest id) first, so equal values
 * never shuffle between renders.
 */
export function sortExecutions(rows: readonly ExecutionSummary[], sort: ExecutionSort): ExecutionSummary[] {
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    const order = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    return order !== 0 ? sign * order : b.id - a.id;
  });
}
