/**
 * Tail probabilities for change-point tests. A split found by searching every position of a
 * segment is the maximum of many correlated statistics, so its naive p-value is far too small;
 * {@link maxSplitPValue} corrects for that search, the way circular binary segmentation does.
 *
 * Each function answers at once for NaN and ±Infinity (a statistic of nothing is no evidence;
 * an infinite one is certain) instead of feeding them to a series or continued fraction that
 * would never converge: the search calls these thousands of times per series.
 */

const SQRT_HALF = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Standard normal density. */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/**
 * P(Z > z) for a standard normal Z, with small relative error far into the tail (where
 * `1 - cdf` would cancel to 0): W. J. Cody's rational erfc, via the Numerical Recipes form.
 */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return 0.5 * erfc(z * SQRT_HALF);
}

/** From this |x| on, the formula below underflows to exactly 0 (2 for negative x): skip it. */
const ERFC_UNDERFLOW = 28;

/** Complementary error function, fractional error below 1.2e-7 everywhere. */
function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x);
  if (z >= ERFC_UNDERFLOW) return x >= 0 ? 0 : 2;
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal statistic. */
export function normalTwoSided(z: number): number {
  return Math.min(1, 2 * normalUpperTail(Math.abs(z)));
}

/**
 * The standard normal deviate with the same two-sided tail as Student's t with `dof` degrees
 * of freedom, so a t statistic from a short segment is not mistaken for a stronger one.
 */
export function tToZ(t: number, dof: number): number {
  const a = Math.abs(t);
  if (!(dof > 0) || a === Infinity || Number.isNaN(a)) return a;
  // Past a few hundred degrees of freedom the two tails agree to well under 1 %.
  if (dof > 400) return a;
  const p = incompleteBeta(dof / (dof + a * a), dof / 2, 0.5);
  return upperTailInverse(p / 2);
}

/** The |z| whose two-sided normal p-value is `p` (0 for p ≥ 1, NaN for NaN). */
export function twoSidedToZ(p: number): number {
  return upperTailInverse(p / 2);
}

/** z with P(Z > z) = p, for 0 < p ≤ 0.5 (Acklam's rational start, refined by Halley steps). */
function upperTailInverse(p: number): number {
  if (Number.isNaN(p)) return NaN;
  if (!(p > 0)) return 40;
  if (p >= 0.5) return 0;
  const q = Math.sqrt(-2 * Math.log(p));
  // Acklam's lower-tail branch gives the p-quantile; its negative is the upper one.
  let z =
    -(
      ((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q +
        4.374664141464968) *
        q +
      2.938163982698783
    ) /
    ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  if (p > 0.02425) {
    const r = 0.5 - p;
    const s = r * r;
    z =
      ((((((-3.969683028665376e1 * s + 2.209460984245205e2) * s - 2.759285104469687e2) * s + 1.38357751867269e2) * s -
        3.066479806614716e1) *
        s +
        2.506628277459239) *
        r) /
      (((((-5.447609879822406e1 * s + 1.615858368580409e2) * s - 1.556989798598866e2) * s + 6.680131188771972e1) * s -
        1.328068155288572e1) *
        s +
        1);
  }
  for (let i = 0; i < 2; i++) {
    // Halley's method on P(Z > z) − p.
    const e = normalUpperTail(z) - p;
    const u = e / -normalPdf(z);
    z -= u / (1 + (z * u) / 2);
  }
  return z;
}

/** Regularized incomplete beta I_x(a, b) (Numerical Recipes' continued fraction). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || !(a > 0 && b > 0 && a < Infinity && b < Infinity)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/**
 * The continued fraction of {@link incompleteBeta}, which converges in O(√max(a, b)) terms for
 * the x it is used at; the term cap only bounds the work should the inputs ever be unusual.
 */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let num = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-12) break;
    // NaN or ±Infinity never turns back into a number: no point in more terms.
    if (!Number.isFinite(h)) return NaN;
  }
  return h;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let s = g[0]!;
  for (let i = 1; i < 9; i++) s += g[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * Siegmund's correction for a maximum over discrete positions: how much of the continuous
 * crossing rate a walk that only looks at whole runs actually sees.
 */
function discreteness(x: number): number {
  if (x < 1e-9) return 1;
  const h = x / 2;
  const cdf = 1 - normalUpperTail(h);
  return ((2 / x) * (cdf - 0.5)) / (h * cdf + normalPdf(h));
}

/**
 * Two-sided p-value of the largest standardized two-sample statistic `b` found by trying every
 * split of `length` runs that leaves at least `minSegment` on each side: the chance that noise
 * alone gives some split a statistic this large. Uses the Brownian-bridge approximation with
 * Siegmund's discreteness correction (as circular binary segmentation does), never below the
 * p-value of a single test.
 */
export function maxSplitPValue(b: number, length: number, minSegment: number): number {
  const z = Math.abs(b);
  if (Number.isNaN(z)) return 1;
  if (z === Infinity) return 0;
  const single = normalTwoSided(z);
  const first = Math.max(1, minSegment);
  const last = length - first;
  if (last <= first) return single;
  // Integrate over u = logit(t), where dt / (t(1 − t)) = du and the rate is flat.
  const u0 = Math.log(first / (length - first));
  const u1 = -u0;
  const steps = 32;
  const h = (u1 - u0) / steps;
  let integral = 0;
  for (let i = 0; i <= steps; i++) {
    const u = u0 + i * h;
    const t = 1 / (1 + Math.exp(-u));
    const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    integral += w * discreteness(z / Math.sqrt(length * t * (1 - t)));
  }
  integral *= h / 3;
  const searched = z * normalPdf(z) * integral;
  return Math.min(1, Math.max(single, searched));
}
