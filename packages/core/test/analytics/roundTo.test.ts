import assert from 'node:assert/strict';
import { formatFixed, roundTo } from '../../src/analytics/roundTo.js';

describe('roundTo', () => {
  it('decides on the exact binary value, as Python round does (2.675 is stored below the tie)', () => {
    assert.equal(roundTo(2.675, 2), 2.67);
    assert.equal(roundTo(1.005, 2), 1);
    assert.equal(roundTo(0.285, 2), 0.28);
  });

  it('sends exact binary ties to the even digit', () => {
    assert.equal(roundTo(0.125, 2), 0.12);
    assert.equal(roundTo(0.375, 2), 0.38);
    assert.equal(roundTo(2.5, 0), 2);
    assert.equal(roundTo(3.5, 0), 4);
    assert.equal(roundTo(150.125, 2), 150.12);
    assert.equal(roundTo(-0.125, 2), -0.12);
  });

  it('rounds ordinary values to the nearest decimal', () => {
    assert.equal(roundTo(0.07472866548015188, 4), 0.0747);
    assert.equal(roundTo(69.0638, 2), 69.06);
    assert.equal(roundTo(123456.7895, 3), 123456.789);
    assert.equal(roundTo(-1.23456, 3), -1.235);
  });

  it('keeps the sign of a negative value that rounds to zero, like Python (-0.0)', () => {
    assert.ok(Object.is(roundTo(-0.001, 2), -0));
    assert.ok(Object.is(roundTo(0.001, 2), 0));
  });

  it('returns NaN, Infinity and integral doubles unchanged', () => {
    assert.ok(Number.isNaN(roundTo(NaN, 2)));
    assert.equal(roundTo(Infinity, 2), Infinity);
    assert.equal(roundTo(-Infinity, 2), -Infinity);
    assert.equal(roundTo(2 ** 60 + 2 ** 10, 2), 2 ** 60 + 2 ** 10);
    assert.equal(roundTo(1e22, 4), 1e22);
  });

  it('refuses a number of digits outside 0 to 20 with a clear RangeError', () => {
    assert.throws(() => roundTo(1.5, -1), /digits must be an integer from 0 to 20, got -1/);
    assert.throws(() => roundTo(1.5, 2.5), /got 2.5/);
  });
});

describe('formatFixed', () => {
  it("writes decimals as Python's format(x, '.nf'), ties to even", () => {
    assert.equal(formatFixed(38.05, 1), '38.0');
    assert.equal(formatFixed(0.25, 1), '0.2');
    assert.equal(formatFixed(0.35, 1), '0.3');
    assert.equal(formatFixed(94.17, 1), '94.2');
    assert.equal(formatFixed(-0.04, 1), '-0.0');
    assert.equal(formatFixed(1e21, 1), '1000000000000000000000.0');
  });

  it('writes nan and inf as Python does', () => {
    assert.equal(formatFixed(NaN, 1), 'nan');
    assert.equal(formatFixed(-Infinity, 1), '-inf');
  });
});
