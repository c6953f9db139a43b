/**
 * `x` rounded to `digits` decimals exactly as Python's `round(x, digits)`: decided on the exact
 * binary value of `x` (so 2.675 → 2.67, because the double 2.675 is slightly below it), exact
 * binary ties to the even digit (0.125 → 0.12, 0.375 → 0.38), the result being the double
 * nearest to the rounded decimal. NaN and ±Infinity come back unchanged.
 *
 * @param digits 0–20 decimals.
 */
export function roundTo(x: number, digits: number): number {
  checkDigits(digits);
  // From 2^52 on every double is an integer: nothing to round at any decimal.
  if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 52) return x;
  return Number(formatFixed(x, digits));
}

/**
 * `x` with `digits` decimals as Python's `format(x, '.<digits>f')` writes it (the same
 * rounding as {@link roundTo}), e.g. for messages that quote a rounded number.
 */
export function formatFixed(x: number, digits: number): string {
  checkDigits(digits);
  if (Number.isNaN(x)) return 'nan';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  if (a === Infinity) return `${sign}inf`;
  // toFixed switches to exponent notation from 1e21; such doubles are integers anyway.
  if (a >= 1e21) return sign + BigInt(a).toString() + (digits > 0 ? '.' + '0'.repeat(digits) : '');
  // toFixed rounds the exact binary value correctly but sends ties away from zero.
  let text = a.toFixed(digits);
  const scaled = a * 2 ** (digits + 1);
  // A double lies exactly halfway between two `digits`-decimal numbers iff a·2^(digits+1)
  // is an odd integer; then an odd last digit must come down by one (it never borrows).
  if (Number.isInteger(scaled) && scaled % 2 === 1) {
    const last = text.charCodeAt(text.length - 1) - 48;
    if (last % 2 === 1) text = text.slice(0, -1) + String(last - 1);
  }
  return sign + text;
}

function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(`roundTo: digits must be an integer from 0 to 20, got ${digits}`);
  }
}
