import assert from 'node:assert/strict';
import { maxSplitPValue, normalTwoSided, normalUpperTail, tToZ, twoSidedToZ } from '../../src/analytics/splitPValue.js';

describe('splitPValue', () => {
  it('turns Student t into the normal deviate with the same two-sided tail (t = 2.228, 10 dof → p 0.05 → z 1.960)', () => {
    assert.ok(Math.abs(tToZ(2.228139, 10) - 1.959964) < 1e-4, `${tToZ(2.228139, 10)}`);
    assert.ok(Math.abs(normalTwoSided(1.959964) - 0.05) < 1e-6);
    assert.ok(Math.abs(twoSidedToZ(0.05) - 1.959964) < 1e-6);
  });

  it('answers a NaN statistic with NaN deviates and a p-value of 1 (no evidence), not a maximal z', () => {
    assert.ok(Number.isNaN(tToZ(NaN, 10)));
    assert.ok(Number.isNaN(twoSidedToZ(NaN)));
    assert.ok(Number.isNaN(normalUpperTail(NaN)));
    assert.equal(maxSplitPValue(tToZ(NaN, 3000), 5000, 5), 1);
  });

  it('answers infinite statistics as certain: z = ∞ and a p-value of 0', () => {
    assert.equal(tToZ(-Infinity, 10), Infinity);
    assert.equal(maxSplitPValue(Infinity, 5000, 5), 0);
    assert.equal(normalUpperTail(Infinity), 0);
    assert.equal(normalUpperTail(-Infinity), 1);
  });

  it('keeps the far tail: tiny but positive just below where the approximation underflows, 0 beyond it', () => {
    assert.ok(normalUpperTail(38) > 0 && normalUpperTail(38) < 1e-300);
    assert.equal(normalUpperTail(40), 0);
    assert.equal(normalUpperTail(-40), 1);
  });

  it('answers 10,000 NaN and extreme statistics in well under a second (no continued fraction left to run out)', () => {
    const started = performance.now();
    let total = 0;
    for (let i = 0; i < 10_000; i++) {
      total += maxSplitPValue(tToZ(i % 2 === 0 ? NaN : 1e300, 100 + (i % 300)), 5000, 5);
    }
    const elapsed = performance.now() - started;
    assert.equal(total, 5000); // NaN → 1, an enormous statistic → 0
    assert.ok(elapsed < 1000, `${elapsed.toFixed(0)} ms`);
  });
});
