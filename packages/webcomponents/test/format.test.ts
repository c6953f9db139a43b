import assert from 'node:assert/strict';
import {
  formatChange,
  formatDateTime,
  formatDuration,
  formatMetric,
  formatNumber,
  formatPValue,
  formatPercent,
  formatRelative,
  formatTick,
  metricLabel,
  parseTimestamp,
} from '../src/format.js';

describe('format', () => {
  it('reads runner.py start times as local time, microseconds cut to milliseconds', () => {
    assert.equal(parseTimestamp('2026-11-28T01:36:48.194022'), new Date(2026, 10, 28, 1, 36, 48, 194.022).getTime());
    assert.equal(parseTimestamp('2026-11-28T01:36:48'), new Date(2026, 10, 28, 1, 36, 48).getTime());
  });

  it("reads SQLite's created_at (space-separated) as UTC and honours explicit offsets", () => {
    assert.equal(parseTimestamp('2026-11-28 01:36:49'), Date.UTC(2026, 10, 28, 1, 36, 49));
    assert.equal(parseTimestamp('2026-11-28T01:36:49Z'), Date.UTC(2026, 10, 28, 1, 36, 49));
    assert.equal(parseTimestamp('2026-11-28T03:36:49+02:00'), Date.UTC(2026, 10, 28, 1, 36, 49));
  });

  it('gives NaN for text that is not a timestamp instead of a wrong date', () => {
    assert.ok(Number.isNaN(parseTimestamp('yesterday')));
    assert.ok(Number.isNaN(parseTimestamp('')));
  });

  it('prints local date and time with seconds, and a dash for no time', () => {
    assert.equal(formatDateTime(new Date(2026, 10, 28, 1, 6, 8).getTime()), '2026-11-28 01:06:08');
    assert.equal(formatDateTime(NaN), '—');
  });

  it('labels axis ticks as precisely as the visible span needs', () => {
    const t = new Date(2026, 10, 28, 9, 5, 7).getTime();
    assert.equal(formatTick(t, 60_000), '09:05:07');
    assert.equal(formatTick(t, 3_600_000), '09:05');
    assert.equal(formatTick(t, 2 * 86_400_000), 'Nov 28 09:05');
    assert.equal(formatTick(t, 30 * 86_400_000), 'Nov 28');
  });

  it('says how long ago in the largest whole unit', () => {
    const now = 1_000_000_000;
    assert.equal(formatRelative(now - 4_000, now), '4 s ago');
    assert.equal(formatRelative(now - 125_000, now), '2 min ago');
    assert.equal(formatRelative(now - 3 * 3_600_000, now), '3 h ago');
    assert.equal(formatRelative(now - 2 * 86_400_000, now), '2 d ago');
  });

  it('groups thousands and keeps significant decimals of small numbers', () => {
    assert.equal(formatNumber(1234567), '1,234,567');
    assert.equal(formatNumber(12.3456), '12.35');
    assert.equal(formatNumber(0.10312), '0.103');
    assert.equal(formatNumber(0.000123456), '0.000123');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(-1500.4), '-1,500');
    assert.equal(formatNumber(undefined), '—');
    assert.equal(formatNumber(NaN), '—');
  });

  it('writes durations in the unit people use for them', () => {
    assert.equal(formatDuration(0.1031), '103.1 ms');
    assert.equal(formatDuration(1.0201), '1.02 s');
    assert.equal(formatDuration(125), '2 min 5 s');
    assert.equal(formatDuration(3720), '1 h 2 min');
    assert.equal(formatDuration(null), '—');
  });

  it('formats percentages, signed changes and p-values', () => {
    assert.equal(formatPercent(87.5), '87.5 %');
    assert.equal(formatPercent(100), '100 %');
    assert.equal(formatChange(12.34), '+12 %');
    assert.equal(formatChange(-4.26), '−4.3 %');
    assert.equal(formatPValue(0.0003), 'p = 0.0003');
    assert.equal(formatPValue(0.00001), 'p < 0.0001');
    assert.equal(formatPValue(0.042), 'p = 0.04');
  });

  it("picks a metric's unit from runner.py's metric name", () => {
    assert.equal(formatMetric('execution_time_seconds', 0.2058), '205.8 ms');
    assert.equal(formatMetric('memory_max_mb', 12.5), '12.5 MB');
    assert.equal(formatMetric('max_memory_kb', 2048), '2 MB');
    assert.equal(formatMetric('cpu_max', 97.25), '97.3 %');
    assert.equal(formatMetric('page_faults_minor', 1500), '1,500');
    assert.equal(metricLabel('execution_time_seconds'), 'Execution time');
    assert.equal(metricLabel('memory_max_mb'), 'Memory max (MB)');
  });
});
