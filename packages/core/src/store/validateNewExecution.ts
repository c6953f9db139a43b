import type { NewExecution } from '../types.js';

/**
 * Checks a run before it is written, so a bad value fails with a message naming the field
 * instead of a NOT NULL constraint deep inside a transaction (SQLite stores NaN as NULL).
 *
 * @throws TypeError naming the field and the value.
 */
export function validateNewExecution(run: NewExecution): void {
  const where = typeof run?.script_path === 'string' ? ` of ${run.script_path}` : '';
  const fail = (field: string, expected: string, value: unknown): never => {
    throw new TypeError(`run${where}: ${field} must be ${expected} (got ${JSON.stringify(value) ?? String(value)})`);
  };
  if (typeof run !== 'object' || run === null) throw new TypeError('run must be an object');
  if (typeof run.script_path !== 'string' || run.script_path === '') {
    fail('script_path', 'a non-empty string', run.script_path);
  }
  if (typeof run.start_time !== 'string' || run.start_time === '') fail('start_time', 'an ISO time', run.start_time);
  if (typeof run.end_time !== 'string' || run.end_time === '') fail('end_time', 'an ISO time', run.end_time);
  if (!Number.isFinite(run.execution_time_seconds)) {
    fail('execution_time_seconds', 'a finite number', run.execution_time_seconds);
  }
  if (!Number.isInteger(run.exit_code)) fail('exit_code', 'an integer', run.exit_code);
  if (
    run.script_args != null &&
    !(Array.isArray(run.script_args) && run.script_args.every((a) => typeof a === 'string'))
  ) {
    fail('script_args', 'an array of strings', run.script_args);
  }
  if (
    run.idempotency_key !== undefined &&
    (typeof run.idempotency_key !== 'string' || run.idempotency_key.length < 1 || run.idempotency_key.length > 200)
  ) {
    fail('idempotency_key', 'a string of 1 to 200 characters', run.idempotency_key);
  }
  if (typeof run.metrics !== 'object' || run.metrics === null) fail('metrics', 'an object of numbers', run.metrics);
  for (const name in run.metrics) {
    if (!Number.isFinite(run.metrics[name])) fail(`metrics.${name}`, 'a finite number', run.metrics[name]);
  }
}
