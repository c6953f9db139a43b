/**
 * Keeping statistics finite when the values themselves are at the edge of what a double holds
 * (±1.8e308, subnormals down to 5e-324). Sums, differences and squares of such values
 * overflow or underflow although the statistic they lead to is an ordinary number; and a few
 * statistics (the range of −1e308 and 1e308) are truly beyond a double. Ordinary data never
 * takes these paths, so the numbers runner.py users know stay exactly as they were.
 */
import { scaleByPowerOfTwo } from './exactArithmetic.js';

/** Magnitudes inside [2^-400, 2^400] square, sum and subtract without leaving the double range. */
const COMFORTABLE_EXPONENT = 400;

/**
 * The power of two to divide `values` by so that their largest magnitude is near 1, or 0 when
 * they are already comfortable (or all zero). Dividing by a power of two changes no digit of
 * a huge value, so scale-free statistics (z-scores, r², percentages) come out the same.
 */
export function comfortableScale(values: ArrayLike<number>): number {
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i]!));
  if (maxAbs === 0 || !Number.isFinite(maxAbs)) return 0;
  const exponent = Math.floor(Math.log2(maxAbs));
  return Math.abs(exponent) > COMFORTABLE_EXPONENT ? exponent : 0;
}

/** Each value divided by 2^`scale` (a copy; the same array when `scale` is 0). */
export function scaleDown(values: readonly number[], scale: number): readonly number[] {
  return scale === 0 ? values : values.map((v) => scaleByPowerOfTwo(v, -scale));
}

/**
 * A result whose true value lies beyond the largest double becomes the largest double of its
 * sign, so answers stay finite (JSON has no Infinity) and still say "enormous".
 */
export function saturate(x: number): number {
  if (x === Infinity) return Number.MAX_VALUE;
  if (x === -Infinity) return -Number.MAX_VALUE;
  return x;
}

/** (a + b) / 2, also when a + b overflows. */
export function midpoint(a: number, b: number): number {
  const m = (a + b) / 2;
  return Number.isFinite(m) ? m : a / 2 + b / 2;
}
