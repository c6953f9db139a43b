import assert from 'node:assert/strict';
import { parseNewExecution } from '../../src/index.js';

const valid = {
  script_path: 'jobs/a.py',
  start_time: '2026-11-28T01:36:48.194022',
  end_time: '2026-11-28T01:36:49',
  execution_time_seconds: 0.8,
  exit_code: -1,
  success: false,
  metrics: { execution_time_seconds: 0.8 },
};

describe('parseNewExecution', () => {
  it('accepts what the recorder writes and keeps every optional field', () => {
    const full = {
      ...valid,
      script_args: ['--x'],
      attempt_number: 2,
      timeout_seconds: 0.5,
      timed_out: true,
      stdout_lines: 0,
      stderr_lines: null,
      python_version: null,
      platform: 'Linux',
      created_at: '2026-11-28 00:36:49',
      alerts: [{ alert_name: 'slow', severity: 'WARNING', condition: 'execution_time_seconds > 0.5' }],
      idempotency_key: 'k-1',
    };
    assert.deepEqual(parseNewExecution(full), full);
    assert.deepEqual(parseNewExecution(valid), valid);
  });

  it('names the field and its place in a batch, with the value it got', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ exit_code: 1.5 }, 'executions[2].exit_code must be an integer (got 1.5)'],
      [{ exit_code: null }, 'executions[2].exit_code must be an integer (got null)'],
      [{ success: 1 }, 'executions[2].success must be true or false (got 1)'],
      [{ attempt_number: 0 }, 'executions[2].attempt_number must be an integer of at least 1 (got 0)'],
      [{ timeout_seconds: 0 }, 'executions[2].timeout_seconds must be a number of seconds above 0, or null (got 0)'],
      [{ stdout_lines: -3 }, 'executions[2].stdout_lines must be an integer of at least 0 (got -3)'],
      [
        { end_time: '2026-11-28 01:36:49' },
        'executions[2].end_time must be a local ISO time like 2026-11-28T01:36:50.000000 (got "2026-11-28 01:36:49")',
      ],
      [
        { start_time: '2026-13-45T99:00:00' },
        'executions[2].start_time must be a local ISO time like 2026-11-28T01:36:48.194022 (got "2026-13-45T99:00:00")',
      ],
      [
        { created_at: '2026-11-28T00:36:49' },
        'executions[2].created_at must be a UTC time like 2026-11-28 01:36:50 (got "2026-11-28T00:36:49")',
      ],
      [{ metrics: [] }, 'executions[2].metrics must be an object of metric names to numbers (got [])'],
      [{ metrics: { x: null } }, 'executions[2].metrics.x must be a finite number (got null)'],
      [
        { alerts: [{ alert_name: 'a', severity: 'b' }] },
        'executions[2].alerts[0].condition must be a non-empty string (got undefined)',
      ],
    ];
    for (const [change, message] of cases)
      assert.throws(() => parseNewExecution({ ...valid, ...change }, 'executions[2]'), { name: 'TypeError', message });
  });

  it('refuses unknown fields, so a typo is not dropped silently', () => {
    assert.throws(() => parseNewExecution({ ...valid, exitcode: 0 }), /^TypeError: exitcode is not a field of a run/);
  });

  it('refuses a missing required field and anything that is not an object', () => {
    const { success: _dropped, ...withoutSuccess } = valid;
    assert.throws(
      () => parseNewExecution(withoutSuccess),
      /^TypeError: success must be true or false \(got undefined\)/,
    );
    assert.throws(
      () => parseNewExecution([valid], 'executions[0]'),
      /^TypeError: executions\[0\] must be a JSON object/,
    );
    assert.throws(() => parseNewExecution('run'), /^TypeError: the run must be a JSON object/);
  });

  it('keeps a metric named __proto__ as a metric, without touching the prototype', () => {
    const hostile = JSON.parse(`{"script_path":"a","start_time":"2026-11-28T01:00:00","end_time":"2026-11-28T01:00:01",
      "execution_time_seconds":1,"exit_code":0,"success":true,"metrics":{"__proto__":1}}`) as unknown;
    const parsed = parseNewExecution(hostile);
    assert.equal(Object.getPrototypeOf(parsed.metrics), Object.prototype);
    assert.deepEqual(Object.entries(parsed.metrics), [['__proto__', 1]]);
  });
});
