import assert from 'node:assert/strict';
import { aggregate } from '../../src/analytics/aggregate.js';

describe('aggregate', () => {
  it('returns unrounded count, min, max, mean, median, sample stddev', () => {
    assert.deepEqual(aggregate([100, 102, 101, 99, 500, 100, 98, 101]), {
      count: 8,
      min: 98,
      max: 500,
      avg: 150.125,
      median: 100.5,
      p95: 500,
      p99: 500,
      stddev: 141.37633414805626,
    });
  });

  it('uses exclusive-method p95 from 20 values and p99 from 100, the maximum below that', () => {
    const squares = Array.from({ length: 20 }, (_, i) => (i + 1) ** 2);
    assert.equal(aggregate(squares).p95, 398.05);
    assert.equal(aggregate(squares).p99, 400);
    assert.equal(aggregate(squares.slice(1)).p95, 400);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(aggregate(hundred).p95, 95.95);
    assert.equal(aggregate(hundred).p99, 99.99);
    assert.equal(aggregate(hundred.slice(1)).p99, 99);
  });

  it('gives the value itself and stddev 0 for one value', () => {
    assert.deepEqual(aggregate([0.4093]), {
      count: 1,
      min: 0.4093,
      max: 0.4093,
      avg: 0.4093,
      median: 0.4093,
      p95: 0.4093,
      p99: 0.4093,
      stddev: 0,
    });
  });

  it('has the exact mean and stddev 0 for constant values', () => {
    const stats = aggregate(Array(25).fill(0.1));
    assert.equal(stats.avg, 0.1);
    assert.equal(stats.stddev, 0);
    assert.equal(stats.p95, 0.1);
  });

  it('skips NaN and ±Infinity, and answers count 0 with zeros when nothing is left', () => {
    assert.deepEqual(aggregate([NaN, 2, Infinity, 4]), aggregate([2, 4]));
    assert.deepEqual(aggregate([]), { count: 0, min: 0, max: 0, avg: 0, median: 0, p95: 0, p99: 0, stddev: 0 });
    assert.equal(aggregate([NaN, -Infinity]).count, 0);
  });
});
