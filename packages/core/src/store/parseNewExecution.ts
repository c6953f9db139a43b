import type { NewExecution } from '../types.js';

/** runner.py's `start_time`/`end_time`: naive local ISO time, up to microseconds. */
const LOCAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
/** SQLite's CURRENT_TIMESTAMP (UTC). */
const SQLITE_UTC = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const MAX_TEXT = 4096;
const MAX_METRICS = 1000;
const MAX_ALERTS = 100;

const FIELDS = new Set([
  'script_path',
  'script_args',
  'start_time',
  'end_time',
  'execution_time_seconds',
  'exit_code',
  'success',
  'attempt_number',
  'timeout_seconds',
  'timed_out',
  'stdout_lines',
  'stderr_lines',
  'python_version',
  'platform',
  'created_at',
  'metrics',
  'alerts',
  'idempotency_key',
]);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown): string => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
const validTime = (text: string): boolean => !Number.isNaN(new Date(text.replace(' ', 'T')).getTime());

/**
 * Turns untrusted JSON (an ingest request, a spool file) into a {@link NewExecution}, or
 * says exactly which field is wrong: `executions[3].exit_code must be an integer (got "2")`.
 * Stricter than the writer's own check: unknown fields, wrong JSON types and times that
 * are not runner.py's naive local ISO format are refused, because a remote client's typo
 * would otherwise be stored silently.
 *
 * @param where prefix of field names in messages, e.g. `executions[3]`; empty for a lone run.
 * @throws TypeError naming the field, the expectation and the value.
 */
export function parseNewExecution(value: unknown, where = ''): NewExecution {
  const name = (field: string): string => (where === '' ? field : `${where}.${field}`);
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new TypeError(`${name(field)} must be ${expected} (got ${shown(got)})`);
  };
  if (!isObject(value)) throw new TypeError(`${where || 'the run'} must be a JSON object (got ${shown(value)})`);
  for (const key of Object.keys(value))
    if (!FIELDS.has(key))
      throw new TypeError(`${name(key)} is not a field of a run; the fields are ${[...FIELDS].join(', ')}`);

  const text = (field: string, optional: boolean, max = MAX_TEXT): string | null | undefined => {
    const v = value[field];
    if (v === undefined || v === null) return optional ? (v as null | undefined) : fail(field, 'a string', v);
    if (typeof v !== 'string' || (!optional && v === '') || v.length > max)
      return fail(field, `a ${optional ? '' : 'non-empty '}string of at most ${max} characters`, v);
    return v;
  };
  const time = (field: string, pattern: RegExp, expected: string, optional: boolean): string | undefined => {
    const v = value[field];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || !pattern.test(v) || !validTime(v)) return fail(field, expected, v);
    return v;
  };
  const integer = (field: string, min: number, optional: boolean): number | null | undefined => {
    const v = value[field];
    if ((v === undefined || v === null) && optional) return v as null | undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return fail(field, 'an integer', v);
    if (v < min) return fail(field, `an integer of at least ${min}`, v);
    return v;
  };
  const bool = (field: string, optional: boolean): boolean | undefined => {
    const v = value[field];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'boolean') return fail(field, 'true or false', v);
    return v;
  };

  const run: NewExecution = {
    script_path: text('script_path', false) as string,
    start_time: time('start_time', LOCAL_ISO, 'a local ISO time like 2026-11-28T01:36:48.194022', false)!,
    end_time: time('end_time', LOCAL_ISO, 'a local ISO time like 2026-11-28T01:36:50.000000', false)!,
    execution_time_seconds: 0,
    exit_code: integer('exit_code', Number.MIN_SAFE_INTEGER, false) as number,
    success: bool('success', false)!,
    metrics: {},
  };
  const seconds = value.execution_time_seconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
    fail('execution_time_seconds', 'a number of seconds, 0 or more', seconds);
  run.execution_time_seconds = seconds as number;

  const args = value.script_args;
  if (args !== undefined && args !== null) {
    if (!Array.isArray(args)) fail('script_args', 'an array of strings', args);
    (args as unknown[]).forEach((a, i) => {
      if (typeof a !== 'string') fail(`script_args[${i}]`, 'a string', a);
    });
    run.script_args = args as string[];
  } else if (args === null) run.script_args = null;

  const attempt = integer('attempt_number', 1, true);
  if (attempt != null) run.attempt_number = attempt;
  const timeout = value.timeout_seconds;
  if (
    timeout !== undefined &&
    timeout !== null &&
    (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout))
  )
    fail('timeout_seconds', 'a number of seconds above 0, or null', timeout);
  if (timeout !== undefined) run.timeout_seconds = timeout as number | null;
  const timedOut = bool('timed_out', true);
  if (timedOut !== undefined) run.timed_out = timedOut;
  for (const field of ['stdout_lines', 'stderr_lines'] as const) {
    const lines = integer(field, 0, true);
    if (lines !== undefined) run[field] = lines;
  }
  for (const field of ['python_version', 'platform'] as const) {
    const v = text(field, true, 200);
    if (v !== undefined) run[field] = v;
  }
  const created = time('created_at', SQLITE_UTC, 'a UTC time like 2026-11-28 01:36:50', true);
  if (created !== undefined) run.created_at = created;
  const key = value.idempotency_key;
  if (key !== undefined) {
    if (typeof key !== 'string' || key.length < 1 || key.length > 200)
      fail('idempotency_key', 'a string of 1 to 200 characters', key);
    run.idempotency_key = key as string;
  }

  const metrics = value.metrics;
  if (!isObject(metrics)) return fail('metrics', 'an object of metric names to numbers', metrics);
  const names = Object.keys(metrics);
  if (names.length > MAX_METRICS) fail('metrics', `at most ${MAX_METRICS} metrics`, `${names.length} metrics`);
  for (const metric of names) {
    const v = metrics[metric];
    if (metric === '' || metric.length > 200) fail('metrics', 'keyed by names of 1 to 200 characters', metric);
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`metrics.${metric}`, 'a finite number', v);
    // defineProperty: a metric named "__proto__" must be stored, not set the object's prototype.
    Object.defineProperty(run.metrics, metric, { value: v, enumerable: true, writable: true, configurable: true });
  }

  const alerts = value.alerts;
  if (alerts !== undefined && alerts !== null) {
    if (!Array.isArray(alerts) || alerts.length > MAX_ALERTS)
      fail('alerts', `an array of at most ${MAX_ALERTS} alerts`, alerts);
    run.alerts = (alerts as unknown[]).map((a, i) => {
      if (!isObject(a)) return fail(`alerts[${i}]`, 'an object with alert_name, severity and condition', a);
      for (const key of Object.keys(a))
        if (!['alert_name', 'severity', 'condition'].includes(key))
          fail(`alerts[${i}].${key}`, 'absent (alerts have alert_name, severity and condition)', a[key]);
      const field = (f: string): string => {
        const v = a[f];
        if (typeof v !== 'string' || v === '' || v.length > MAX_TEXT)
          return fail(`alerts[${i}].${f}`, 'a non-empty string', v);
        return v;
      };
      return { alert_name: field('alert_name'), severity: field('severity'), condition: field('condition') };
    });
  }
  return run;
}
