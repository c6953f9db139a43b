/**
 * Exact sums, means and square roots of doubles, so that our means and standard deviations
 * are the very doubles Python's `statistics` module returns (it works on exact fractions and
 * rounds once at the end). The per-value work is plain floating-point arithmetic (Shewchuk's
 * error-free partial sums, the algorithm behind Python's `math.fsum`); BigInt only appears in
 * the final, constant-size rounding step, so long series stay cheap.
 */

/** The exact sum of many doubles, held as non-overlapping partials (smallest first). */
export class ExactSum {
  // Non-overlapping partials never number more than ~40 (2098 exponent bits / 53).
  private partials = new Float64Array(48);
  private count = 0;

  /** Adds `x` without any rounding error. */
  add(x: number): void {
    const partials = this.partials;
    const count = this.count;
    let kept = 0;
    for (let j = 0; j < count; j++) {
      let y = partials[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[kept++] = lo;
      x = hi;
    }
    if (kept === partials.length) {
      const grown = new Float64Array(partials.length * 2);
      grown.set(partials);
      this.partials = grown;
    }
    this.partials[kept] = x;
    this.count = kept + 1;
  }

  /** False once a partial overflowed: the exact value is then not representable this way. */
  get finite(): boolean {
    return this.partials.subarray(0, this.count).every(Number.isFinite);
  }

  /** The exact sum as `numerator · 2^exponent`. */
  toScaled(): Scaled {
    let exponent = Infinity;
    const parts = Array.from(this.partials.subarray(0, this.count), (p) => {
      const d = decompose(p);
      if (d.mantissa !== 0n) exponent = Math.min(exponent, d.exponent);
      return d;
    });
    if (exponent === Infinity) return { numerator: 0n, exponent: 0 };
    let numerator = 0n;
    for (const d of parts) numerator += d.mantissa << BigInt(d.exponent - exponent);
    return { numerator, exponent };
  }
}

/** An exact dyadic rational `numerator · 2^exponent`. */
export interface Scaled {
  numerator: bigint;
  exponent: number;
}

const view = new DataView(new ArrayBuffer(8));

/** A finite double as an exact `mantissa · 2^exponent` (mantissa signed). */
export function decompose(x: number): { mantissa: bigint; exponent: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (hi & 0xfffff) * 2 ** 32 + lo;
  if (biased !== 0) mantissa += 2 ** 52;
  const signed = hi >>> 31 ? -mantissa : mantissa;
  return { mantissa: BigInt(signed), exponent: biased === 0 ? -1074 : biased - 1075 };
}

const bitLength = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length);

/** `x · 2^e` without losing precision to an intermediate underflow or overflow of `2^e`. */
export function scaleByPowerOfTwo(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

/**
 * The double nearest to `numerator · 2^exponent / denominator` (ties to even), for a
 * positive denominator.
 */
export function roundQuotient(numerator: bigint, exponent: number, denominator: bigint): number {
  if (numerator === 0n) return 0;
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  // Enough quotient bits (>= 66) that a sticky low bit decides the rounding correctly.
  const shift = Math.max(0, 66 + bitLength(denominator) - bitLength(n));
  const scaled = n << BigInt(shift);
  const q = scaled / denominator;
  const magnitude = stickyToDouble(q, scaled % denominator !== 0n, exponent - shift);
  return negative ? -magnitude : magnitude;
}

/**
 * The double nearest to `(q + ε) · 2^exponent`, where ε is 0 when `inexact` is false and
 * some value strictly between 0 and 1 otherwise. Bits beyond the 66 leading ones are folded
 * into one sticky bit, which keeps round-to-nearest-even correct and `Number(q)` finite.
 */
function stickyToDouble(q: bigint, inexact: boolean, exponent: number): number {
  const excess = bitLength(q) - 66;
  if (excess > 0) {
    const dropped = q & ((1n << BigInt(excess)) - 1n);
    q >>= BigInt(excess);
    exponent += excess;
    inexact ||= dropped !== 0n;
  }
  if (inexact) q |= 1n;
  return scaleByPowerOfTwo(Number(q), exponent);
}

/** Integer square root (floor) of a non-negative BigInt. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * The double nearest to √(`numerator · 2^exponent / denominator`) for a non-negative
 * numerator and positive denominator.
 */
export function roundSqrtQuotient(numerator: bigint, exponent: number, denominator: bigint): number {
  if (numerator <= 0n) return 0;
  let n = numerator;
  let e = exponent;
  if (e % 2 !== 0) {
    n <<= 1n;
    e -= 1;
  }
  // √(n·4^s / d) needs >= 66 bits, so n·4^s / d needs >= 132.
  const s = Math.max(0, Math.ceil((134 + bitLength(denominator) - bitLength(n)) / 2));
  const scaled = n << BigInt(2 * s);
  const y = scaled / denominator;
  const root = isqrt(y);
  return stickyToDouble(root, root * root !== y || scaled % denominator !== 0n, e / 2 - s);
}

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's splitting constant for doubles

/** Adds the exact square of `x` (its rounded value and the rounding error) to `sum`. */
export function addExactSquare(sum: ExactSum, x: number): void {
  const p = x * x;
  const c = SPLITTER * x;
  const hi = c - (c - x);
  const lo = x - hi;
  sum.add(p);
  sum.add(hi * hi - p + 2 * hi * lo + lo * lo);
}
