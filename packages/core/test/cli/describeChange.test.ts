import assert from 'node:assert/strict';
import type { LocatedChangePoint } from '../../src/index.js';
import { describeChange } from '../../src/cli/describeChange.js';

/** A confirmed change point as the detector reports it, with the fields a sentence uses. */
function point(overrides: Partial<LocatedChangePoint>): LocatedChangePoint {
  return {
    index: 40,
    before: { median: 42.05, mean: 42.3, n: 40 },
    after: { median: 55.18, mean: 55.9, n: 20 },
    change_percent: 31.22,
    p_value: 0.0001,
    direction: 'regression',
    confidence: 'confirmed',
    execution_id: 2256,
    start_time: '2026-11-12T04:10:33.120000',
    ...overrides,
  };
}

describe('describeChange', () => {
  it('tells a slowdown as one sentence: script, metric, percent, run, time, medians with unit, p', () => {
    assert.equal(
      describeChange({ script_path: 'etl/load.py', metric_name: 'execution_time_seconds', change_point: point({}) }),
      'etl/load.py: execution_time_seconds 31 % slower since run #2256 (2026-11-12 04:10), median 42.05 s → 55.18 s, p = 0.0001',
    );
  });

  it('calls a drop in duration faster, keeps a decimal on small shifts and writes tiny p-values as powers of ten', () => {
    const sentence = describeChange({
      script_path: 'jobs/a.py',
      metric_name: 'execution_time_seconds',
      change_point: point({
        direction: 'improvement',
        change_percent: -6.04,
        p_value: 2.65e-17,
        before: { median: 0.10271, mean: 0.1, n: 30 },
        after: { median: 0.09651, mean: 0.1, n: 30 },
      }),
    });
    assert.equal(
      sentence,
      'jobs/a.py: execution_time_seconds 6 % faster since run #2256 (2026-11-12 04:10), median 0.103 s → 0.0965 s, p = 2.6e-17',
    );
  });

  it('says higher/lower for metrics that are not durations, with MB for memory and no unit when unknown', () => {
    const memory = describeChange({
      script_path: 'ml/train.py',
      metric_name: 'memory_max_mb',
      change_point: point({
        change_percent: 12.5,
        before: { median: 300, mean: 300, n: 9 },
        after: { median: 337.5, mean: 340, n: 9 },
      }),
    });
    assert.match(memory, /memory_max_mb 13 % higher since run #2256 .* median 300\.00 MB → 337\.50 MB, p = 0\.0001$/);
    const cpu = describeChange({
      script_path: 'ml/train.py',
      metric_name: 'cpu_avg',
      change_point: point({ direction: 'improvement', change_percent: -20 }),
    });
    assert.match(cpu, /cpu_avg 20 % lower since .* median 42\.05 → 55\.18, p/);
  });
});
