import assert from 'node:assert/strict';
import { detectChangePoints, type ChangePoint } from '@runner-dash/core';

/** Seeded uniform numbers in [0, 1) (mulberry32), so every series here is the same on every run. */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` values, each `a` or `b` at random. */
function alternating(n: number, a: number, b: number, seed: number): number[] {
  const r = uniform(seed);
  return Array.from({ length: n }, () => (r() < 0.5 ? a : b));
}

/** Change points and how long finding them took. */
function timed(values: number[]): { points: ChangePoint[]; ms: number } {
  const started = performance.now();
  const points = detectChangePoints(values);
  return { points, ms: performance.now() - started };
}

function assertFinite(points: ChangePoint[]): void {
  for (const p of points) {
    for (const x of [p.change_percent, p.p_value, p.before.median, p.before.mean, p.after.median, p.after.mean]) {
      assert.ok(Number.isFinite(x), `non-finite field in ${JSON.stringify(p)}`);
    }
  }
}

/** A mixed-sign series (so the raw scale is used) with a step at run 100, times `factor`. */
function mixedSignStep(factor: number): number[] {
  const r = uniform(7);
  return Array.from({ length: 200 }, (_, i) => ((i < 100 ? 0 : 10) + (r() - 0.5)) * factor);
}

describe('detectChangePoints at the edges of the double range', () => {
  // Sums of squares of such values overflowed, and every p-value of the search then ground
  // through its iteration cap: ±1e308 took seconds where ±1 takes milliseconds.
  const patterns: Array<[string, number, number]> = [
    ['+1e308 / -1e308', 1e308, -1e308],
    ['+MAX_VALUE / -MAX_VALUE', Number.MAX_VALUE, -Number.MAX_VALUE],
    ['1e-300 / 1e300', 1e-300, 1e300],
    ['-1e-300 / 1e300', -1e-300, 1e300],
    ['-0 / 5e-324', -0, 5e-324],
    ['+1 / -1', 1, -1],
  ];
  for (const [name, a, b] of patterns) {
    it(`5,000 values alternating at random between ${name} finish within a second with no change found`, () => {
      const { points, ms } = timed(alternating(5000, a, b, 11));
      assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
      assertFinite(points);
      // Runs drawn independently from the same two values have no change of level.
      assert.deepEqual(
        points.filter((p) => p.confidence === 'confirmed'),
        [],
      );
    });
  }

  it('finds a step among values near 1e308 exactly as among the same values 2^1000 times smaller', () => {
    const small = detectChangePoints(mixedSignStep(1));
    const huge = detectChangePoints(mixedSignStep(2 ** 1000));
    assert.equal(small.length, 1);
    assert.equal(small[0]!.index, 100);
    assert.equal(huge.length, 1);
    const [s, h] = [small[0]!, huge[0]!];
    assert.equal(h.index, s.index);
    assert.equal(h.p_value, s.p_value);
    assert.equal(h.change_percent, s.change_percent);
    assert.equal(h.direction, 'regression');
    // Scaling by a power of two is exact, so the summaries are the small ones scaled up.
    assert.equal(h.before.median, s.before.median * 2 ** 1000);
    assert.equal(h.after.median, s.after.median * 2 ** 1000);
    assert.equal(h.after.mean, s.after.mean * 2 ** 1000);
  });

  it('gives the finite mean of a segment near 1.5e308 whose plain sum overflows', () => {
    const r = uniform(3);
    const values = Array.from({ length: 200 }, (_, i) => (i < 100 ? 0.5e308 : 1.5e308) * (1 + 0.05 * (r() - 0.5)));
    const points = detectChangePoints(values);
    assert.equal(points.length, 1);
    assert.equal(points[0]!.index, 100);
    const { mean, median } = points[0]!.after;
    assert.ok(Number.isFinite(mean) && Math.abs(mean / 1.5e308 - 1) < 0.01, `mean ${mean}`);
    assert.ok(Math.abs(median / 1.5e308 - 1) < 0.01, `median ${median}`);
  });

  it('reports a step between two levels near ±1e308 (whose difference overflows) as −200 %', () => {
    const r = uniform(5);
    const values = Array.from({ length: 200 }, (_, i) => (i < 100 ? 1e308 : -1e308) * (1 + 0.1 * (r() - 0.5)));
    const points = detectChangePoints(values);
    assert.equal(points.length, 1);
    assert.equal(points[0]!.index, 100);
    assert.equal(points[0]!.direction, 'improvement');
    assert.ok(Math.abs(points[0]!.change_percent + 200) < 1, `${points[0]!.change_percent}`);
  });

  it('saturates the percentage of a step up from a subnormal level at the largest double', () => {
    const values: number[] = Array.from({ length: 40 }, (_, i) => (i < 20 ? 5e-324 : 1));
    values[0] = -1; // one negative run keeps the raw scale, where 5e-324 is the level
    const points = detectChangePoints(values);
    assert.equal(points.length, 1);
    assert.equal(points[0]!.index, 20);
    assert.equal(points[0]!.before.median, 5e-324);
    assert.equal(points[0]!.change_percent, Number.MAX_VALUE);
  });
});
