import assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectChangePoints, type ChangePoint } from '@runner-dash/core';

/** Seeded normal noise (sfc32 + Box–Muller), so every series here is the same on every run. */
function noise(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const uniform = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) uniform();
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Run times around `base` seconds, multiplied by `level(i)`, with lognormal noise σ. */
function runs(n: number, level: (i: number) => number, sigma = 0.05, seed = 1, base = 2): number[] {
  const z = noise(seed);
  return Array.from({ length: n }, (_, i) => base * level(i) * Math.exp(sigma * z()));
}

const confirmed = (points: ChangePoint[]): ChangePoint[] => points.filter((p) => p.confidence === 'confirmed');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

describe('detectChangePoints', () => {
  it('puts a clean +30% step at the exact first slow run, with both segments summarized', () => {
    const values = runs(60, (i) => (i >= 30 ? 1.3 : 1));
    const points = detectChangePoints(values);
    assert.equal(points.length, 1);
    const [p] = points as [ChangePoint];
    assert.equal(p.index, 30);
    assert.equal(p.direction, 'regression');
    assert.equal(p.confidence, 'confirmed');
    assert.deepEqual(p.before, {
      median: median(values.slice(0, 30)),
      mean: values.slice(0, 30).reduce((a, b) => a + b) / 30,
      n: 30,
    });
    assert.equal(p.after.n, 30);
    assert.equal(p.after.median, median(values.slice(30)));
    const percent = ((p.after.median - p.before.median) / p.before.median) * 100;
    assert.equal(p.change_percent, Math.round(percent * 100) / 100);
    assert.ok(p.change_percent > 25 && p.change_percent < 35, `change_percent ${p.change_percent}`);
    // 30 runs on each side with no overlap at all: the exact rank test is about 1e-17.
    assert.ok(p.p_value > 0 && p.p_value < 1e-10, `p_value ${p.p_value}`);
  });

  it('calls a step down an improvement, with a negative change', () => {
    const points = detectChangePoints(runs(50, (i) => (i >= 20 ? 0.75 : 1), 0.05, 2));
    assert.equal(points.length, 1);
    assert.equal(points[0]!.index, 20);
    assert.equal(points[0]!.direction, 'improvement');
    assert.ok(points[0]!.change_percent < -20 && points[0]!.change_percent > -30);
  });

  it('finds a regression that was fixed 40 runs later as two change points', () => {
    const points = detectChangePoints(runs(200, (i) => (i >= 80 && i < 120 ? 1.25 : 1), 0.05, 3));
    assert.deepEqual(
      points.map((p) => [p.index, p.direction, p.confidence]),
      [
        [80, 'regression', 'confirmed'],
        [120, 'improvement', 'confirmed'],
      ],
    );
    assert.equal(points[0]!.after.n, 40);
    assert.equal(points[1]!.before.n, 40);
  });

  it('ignores spikes of one, two and three slow runs', () => {
    const values = runs(120, () => 1, 0.05, 4);
    for (const [at, width] of [
      [20, 1],
      [50, 2],
      [85, 3],
    ] as const) {
      for (let i = at; i < at + width; i++) values[i]! *= 3;
    }
    assert.deepEqual(detectChangePoints(values), []);
  });

  it('ignores a spike among a few runs that happen to be slowish', () => {
    // Three runs at ×2.5 followed by five 15 % slower ones, then back to normal.
    const values = runs(100, (i) => (i >= 50 && i < 53 ? 2.5 : i >= 53 && i < 58 ? 1.15 : 1), 0.05, 5);
    assert.deepEqual(confirmed(detectChangePoints(values)), []);
  });

  it('does not confirm a spike in the last three runs', () => {
    const values = runs(60, (i) => (i >= 57 ? 2.5 : 1), 0.05, 6);
    assert.deepEqual(detectChangePoints(values), []);
  });

  it('does not confirm a three-run spike in the newest runs that a slowish run precedes and follows', () => {
    // Runs 20 % and 18 % slow around a spike of three at ×1.6–1.9: four of the last five
    // runs, or all five, lie above the earlier median, yet the level never changed.
    const tail = [1.2, 1.85, 1.9, 1.6, 1.18];
    for (const seed of [3, 5]) {
      const values = runs(40, (i) => (i >= 35 ? tail[i - 35]! : 1), 0.08, seed);
      const points = detectChangePoints(values);
      assert.deepEqual(confirmed(points), [], `seed ${seed}: ${JSON.stringify(points)}`);
      assert.ok(points.every((p) => p.index >= 35 && p.confidence === 'suspected'));
    }
  });

  it('confirms a change a few runs old once the runs left without its three slowest still stand out', () => {
    const values = runs(50, (i) => (i >= 40 ? 1.3 : 1), 0.1, 30);
    const at = (n: number): Array<[number, string]> =>
      detectChangePoints(values.slice(0, n)).map((p) => [p.index, p.confidence]);
    // Five runs after it: the two left once the three slowest are set aside prove too little.
    assert.deepEqual(at(45), [[40, 'suspected']]);
    for (const n of [46, 48, 50]) assert.deepEqual(at(n), [[40, 'confirmed']], `${n} runs`);
  });

  it('places a gradual +50% ramp over 40 runs within the ramp', () => {
    const values = runs(120, (i) => (i < 40 ? 1 : i < 80 ? 1 + (0.5 * (i - 40)) / 40 : 1.5), 0.03, 7);
    const points = confirmed(detectChangePoints(values));
    assert.ok(points.length >= 1);
    for (const p of points) {
      assert.equal(p.direction, 'regression');
      assert.ok(p.index >= 40 && p.index <= 80, `change point at ${p.index}, outside the ramp 40-80`);
    }
  });

  it('finds nothing in pure noise', () => {
    for (const seed of [11, 12, 13]) assert.deepEqual(detectChangePoints(runs(500, () => 1, 0.12, seed)), []);
  });

  it('returns [] for constant values, with or without non-finite ones among them', () => {
    assert.deepEqual(detectChangePoints(Array(50).fill(2.5)), []);
    assert.deepEqual(detectChangePoints([...Array(20).fill(3), NaN, Infinity, ...Array(20).fill(3)]), []);
  });

  it('handles heavily tied integer values (the normal approximation with tie correction)', () => {
    const values = [
      ...Array(15)
        .fill(0)
        .map((_, i) => [3, 3, 4, 3, 3][i % 5]!),
      ...Array(15)
        .fill(0)
        .map((_, i) => [6, 6, 5, 6, 6][i % 5]!),
    ];
    const points = detectChangePoints(values);
    assert.equal(points.length, 1);
    assert.equal(points[0]!.index, 15);
    assert.equal(points[0]!.before.median, 3);
    assert.equal(points[0]!.after.median, 6);
    assert.equal(points[0]!.change_percent, 100);
    assert.ok(Number.isFinite(points[0]!.p_value) && points[0]!.p_value < 1e-4);
  });

  it('skips NaN and ±Infinity but reports indices into the input', () => {
    const clean = runs(40, (i) => (i >= 20 ? 1.4 : 1), 0.03, 8);
    const values = [NaN, ...clean.slice(0, 10), Infinity, NaN, ...clean.slice(10, 20), -Infinity, ...clean.slice(20)];
    const points = detectChangePoints(values);
    assert.equal(points.length, 1);
    // clean[20] sits after 1 + 10 + 2 + 10 + 1 inserted or kept values.
    assert.equal(points[0]!.index, 24);
    assert.equal(values[24], clean[20]);
    assert.equal(points[0]!.before.n, 20);
    assert.deepEqual(detectChangePoints([NaN, NaN, Infinity]), []);
  });

  it('returns [] below 2·minSegment finite values', () => {
    const step = [1, 1, 1, 1, 1, 3, 3, 3, 3];
    assert.deepEqual(detectChangePoints(step), []);
    assert.deepEqual(
      detectChangePoints(
        runs(19, (i) => (i >= 10 ? 2 : 1)),
        { minSegment: 10 },
      ),
      [],
    );
    assert.deepEqual(detectChangePoints([]), []);
  });

  it('reports a change with fewer than minSegment runs after it as suspected', () => {
    const values = runs(40, (i) => (i >= 36 ? 1.5 : 1), 0.03, 9);
    const points = detectChangePoints(values);
    assert.equal(points.length, 1);
    assert.equal(points[0]!.index, 36);
    assert.equal(points[0]!.confidence, 'suspected');
    assert.equal(points[0]!.after.n, 4);
    assert.equal(points[0]!.direction, 'regression');
    assert.ok(points[0]!.p_value < 0.001);
  });

  it('confirms the same change once minSegment runs follow it', () => {
    const values = runs(41, (i) => (i >= 36 ? 1.5 : 1), 0.03, 9);
    assert.deepEqual(
      detectChangePoints(values).map((p) => [p.index, p.confidence]),
      [[36, 'confirmed']],
    );
  });

  it('keeps changes smaller than minChangePercent to itself', () => {
    const values = runs(400, (i) => (i >= 200 ? 1.04 : 1), 0.01, 10);
    assert.deepEqual(detectChangePoints(values), []);
    assert.deepEqual(
      detectChangePoints(values, { minChangePercent: 2 }).map((p) => p.index),
      [200],
    );
  });

  it('analyses only the latest maxPoints values, with indices into the whole input', () => {
    const values = runs(300, (i) => (i >= 100 ? 1.5 : 1) * (i >= 250 ? 1.3 : 1), 0.03, 14);
    assert.deepEqual(
      detectChangePoints(values).map((p) => p.index),
      [100, 250],
    );
    const latest = detectChangePoints(values, { maxPoints: 100 });
    assert.deepEqual(
      latest.map((p) => [p.index, p.before.n, p.after.n]),
      [[250, 50, 50]],
    );
  });

  it('works on values that are zero or negative (no log scale then)', () => {
    const z = noise(15);
    const values = Array.from({ length: 60 }, (_, i) => (i >= 30 ? 5 : 0) + 0.5 * z());
    const points = detectChangePoints(values);
    assert.equal(points.length, 1);
    assert.equal(points[0]!.index, 30);
    assert.equal(points[0]!.direction, 'regression');
  });

  it('falls back to the defaults for unusable options instead of throwing', () => {
    const values = runs(60, (i) => (i >= 30 ? 1.3 : 1));
    const expected = detectChangePoints(values);
    const bad = { pValue: -1, minSegment: NaN, minChangePercent: Infinity, maxPoints: 0 };
    assert.deepEqual(detectChangePoints(values, bad), expected);
    assert.deepEqual(detectChangePoints(values, null as never), expected);
    assert.deepEqual(detectChangePoints('not an array' as never), []);
  });

  it('never throws and always answers finite, ordered, in-range change points (property)', () => {
    const value = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ min: 0.001, max: 100, noNaN: true }),
      fc.constantFrom(NaN, Infinity, -Infinity, 0, 1e308, -1e308, 5e-324),
    );
    const options = fc.record(
      {
        pValue: fc.double({ min: -1, max: 2 }),
        minSegment: fc.integer({ min: -3, max: 30 }),
        minChangePercent: fc.double({ min: -10, max: 200 }),
        maxPoints: fc.integer({ min: -5, max: 400 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 400 }), options, (values, opts) => {
        const points = detectChangePoints(values, opts);
        let last = -1;
        for (const p of points) {
          assert.ok(Number.isInteger(p.index) && p.index > last && p.index < values.length);
          assert.ok(Number.isFinite(values[p.index]!));
          last = p.index;
          for (const x of [p.change_percent, p.p_value, p.before.median, p.before.mean, p.after.median, p.after.mean]) {
            assert.ok(Number.isFinite(x), `non-finite field in ${JSON.stringify(p)}`);
          }
          assert.ok(p.p_value >= 0 && p.p_value <= 1);
          assert.ok(p.before.n >= 4 && p.after.n >= 4);
          assert.equal(p.direction, p.change_percent > 0 ? 'regression' : 'improvement');
        }
        assert.ok(points.filter((p) => p.confidence === 'suspected').length <= 1);
      }),
      { numRuns: 300, seed: 20261128 },
    );
  });

  it('finds a step in 100,000 runs in well under a second', () => {
    const values = runs(100_000, (i) => (i >= 70_000 ? 1.1 : 1), 0.12, 17);
    const started = performance.now();
    const points = detectChangePoints(values, { maxPoints: 100_000 });
    const elapsed = performance.now() - started;
    assert.equal(points.length, 1);
    assert.ok(Math.abs(points[0]!.index - 70_000) <= 10, `index ${points[0]!.index}`);
    assert.ok(elapsed < 1000, `${elapsed} ms`);
  });
});
