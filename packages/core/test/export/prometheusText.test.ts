import assert from 'node:assert/strict';
import {
  escapeLabelValue,
  formatSampleValue,
  prometheusText,
  type RunMetricsSnapshot,
  type ScriptRunMetrics,
} from '../../src/index.js';
import { toLocalIso } from '../../src/timeWindow.js';

const script = (over: Partial<ScriptRunMetrics>): ScriptRunMetrics => ({
  script_path: 'jobs/a.py',
  successes: 3,
  failures: 1,
  timeouts: 1,
  duration_sum: 12.5,
  bucket_counts: [1, 4],
  last_start_time: '2026-11-28T01:36:49.501876',
  last_duration_seconds: 0.25,
  confirmed_regressions: 2,
  ...over,
});

describe('prometheusText', () => {
  it('escapes backslash, double quote and line feed in label values, and nothing else', () => {
    assert.equal(escapeLabelValue('C:\\jobs\\"x".py\nnext'), 'C:\\\\jobs\\\\\\"x\\".py\\nnext');
    assert.equal(escapeLabelValue('jobs/é 漢字 🚀\t.py'), 'jobs/é 漢字 🚀\t.py');
  });

  it('writes special float values as Prometheus spells them', () => {
    assert.deepEqual([NaN, Infinity, -Infinity, 0.1, 1e21, 3].map(formatSampleValue), [
      'NaN',
      '+Inf',
      '-Inf',
      '0.1',
      '1e+21',
      '3',
    ]);
  });

  it('writes each family once with HELP and TYPE, the histogram cumulative up to +Inf, and the folded count', () => {
    const snapshot: RunMetricsSnapshot = {
      bucket_bounds: [1, 10],
      scripts: [script({}), script({ script_path: 'a "quoted"\\name', successes: 1, failures: 0, timeouts: 0 })],
      folded_scripts: 0,
    };
    const text = prometheusText(snapshot);
    assert.ok(text.endsWith('\n'));
    const lines = text.trimEnd().split('\n');
    for (const name of [
      'runner_dash_runs_total',
      'runner_dash_run_duration_seconds',
      'runner_dash_last_run_timestamp_seconds',
      'runner_dash_last_run_duration_seconds',
      'runner_dash_confirmed_regressions',
      'runner_dash_folded_scripts',
    ]) {
      assert.equal(lines.filter((l) => l.startsWith(`# TYPE ${name} `)).length, 1, name);
      assert.equal(lines.filter((l) => l.startsWith(`# HELP ${name} `)).length, 1, name);
    }
    assert.ok(lines.includes('# TYPE runner_dash_run_duration_seconds histogram'));
    assert.ok(lines.includes('runner_dash_runs_total{script="jobs/a.py",outcome="failure"} 1'));
    assert.ok(lines.includes('runner_dash_runs_total{script="a \\"quoted\\"\\\\name",outcome="success"} 1'));
    assert.ok(lines.includes('runner_dash_run_duration_seconds_bucket{script="jobs/a.py",le="10"} 4'));
    assert.ok(lines.includes('runner_dash_run_duration_seconds_bucket{script="jobs/a.py",le="+Inf"} 5'));
    assert.ok(lines.includes('runner_dash_run_duration_seconds_count{script="jobs/a.py"} 5'));
    assert.ok(lines.includes('runner_dash_run_duration_seconds_sum{script="jobs/a.py"} 12.5'));
    assert.ok(lines.includes('runner_dash_last_run_duration_seconds{script="jobs/a.py"} 0.25'));
    assert.ok(lines.includes('runner_dash_confirmed_regressions{script="jobs/a.py"} 2'));
    assert.ok(lines.includes('runner_dash_folded_scripts 0'));
    const expected = new Date('2026-11-28T01:36:49.501876').getTime() / 1000;
    assert.ok(lines.includes(`runner_dash_last_run_timestamp_seconds{script="jobs/a.py"} ${expected}`));
  });

  it('reads the naive start time as local time, as the rest of runner-dash does', () => {
    const start = new Date(2026, 10, 28, 1, 36, 49, 500);
    const text = prometheusText({
      bucket_bounds: [],
      scripts: [script({ last_start_time: toLocalIso(start) })],
      folded_scripts: 0,
    });
    assert.match(
      text,
      new RegExp(`runner_dash_last_run_timestamp_seconds\\{script="jobs/a.py"\\} ${start.getTime() / 1000}\\n`),
    );
  });

  it('leaves out the last-run time of a script whose start time is not a time, instead of writing garbage', () => {
    const text = prometheusText({
      bucket_bounds: [],
      scripts: [script({ last_start_time: 'yesterday' })],
      folded_scripts: 0,
    });
    assert.doesNotMatch(text, /runner_dash_last_run_timestamp_seconds\{/);
    assert.match(text, /runner_dash_last_run_duration_seconds\{script="jobs\/a.py"\} 0.25/);
  });
});
