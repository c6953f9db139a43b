import assert from 'node:assert/strict';
import type { ExecutionSummary } from '../src/data/apiTypes.js';
import { executionStatus } from '../src/executionStatus.js';
import { sortExecutions } from '../src/sortExecutions.js';

const run = (id: number, script: string, seconds: number, extra: Partial<ExecutionSummary> = {}): ExecutionSummary => ({
  id,
  script_path: script,
  exit_code: 0,
  stdout_lines: 1,
  stderr_lines: 0,
  timestamp: `2026-11-28 01:36:${String(id).padStart(2, '0')}`,
  success: true,
  execution_time_seconds: seconds,
  attempt_number: 1,
  timed_out: false,
  ...extra,
});

describe('sortExecutions', () => {
  const rows = [run(1, 'b.py', 0.3), run(2, 'a.py', 0.1), run(3, 'c.py', 0.3)];

  it('sorts numbers and text both ways without changing the input', () => {
    assert.deepEqual(
      sortExecutions(rows, { key: 'execution_time_seconds', descending: false }).map((r) => r.id),
      [2, 3, 1],
    );
    assert.deepEqual(
      sortExecutions(rows, { key: 'script_path', descending: false }).map((r) => r.id),
      [2, 1, 3],
    );
    assert.deepEqual(
      sortExecutions(rows, { key: 'id', descending: true }).map((r) => r.id),
      [3, 2, 1],
    );
    assert.deepEqual(
      rows.map((r) => r.id),
      [1, 2, 3],
    );
  });

  it('puts the newest run first among equal values', () => {
    assert.deepEqual(
      sortExecutions(rows, { key: 'execution_time_seconds', descending: true }).map((r) => r.id),
      [3, 1, 2],
    );
  });
});

describe('executionStatus', () => {
  it('names timeouts, failures with their exit code, retried successes and plain successes', () => {
    assert.deepEqual(executionStatus(run(1, 'a', 1, { success: false, timed_out: true, exit_code: -1 })), {
      kind: 'timeout',
      label: 'timed out',
    });
    assert.deepEqual(executionStatus(run(1, 'a', 1, { success: false, exit_code: 2 })), {
      kind: 'failed',
      label: 'failed (2)',
    });
    assert.deepEqual(executionStatus(run(1, 'a', 1, { attempt_number: 2 })), {
      kind: 'retried',
      label: 'ok on attempt 2',
    });
    assert.deepEqual(executionStatus(run(1, 'a', 1)), { kind: 'ok', label: 'ok' });
  });
});
