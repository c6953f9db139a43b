/**
 * The Mann-Whitney U (Wilcoxon rank-sum) test between two groups of runs. It looks only at the
 * order of values, so a few wild runs cannot make a change look real, and it needs no
 * assumption about the shape of the noise.
 */
import { logGamma, normalTwoSided, twoSidedToZ } from './splitPValue.js';

/** Outcome of a rank test. */
export interface RankTest {
  /** Two-sided p-value. */
  p: number;
  /** The standard normal deviate with that p-value, positive when the later group is higher. */
  z: number;
}

/**
 * Cost bound (group size × tail length) under which the exact distribution of U is summed.
 * Beyond it the groups are large enough for the normal approximation to be accurate.
 */
const EXACT_BUDGET = 200_000;

/**
 * Mann-Whitney test of `later` against `earlier`. Without ties and for small groups (or an
 * extreme U) the p-value is exact; otherwise it comes from the normal approximation with the
 * correction for ties. The normal approximation is far too cautious in the extreme tail of
 * small groups (15 against 15 runs, or 5 against 500), exactly where a change is decided.
 * Neither array is modified; an empty group or all-tied values give p = 1.
 */
export function mannWhitney(earlier: Float64Array, later: Float64Array): RankTest {
  const n1 = earlier.length;
  const n2 = later.length;
  const n = n1 + n2;
  if (n1 === 0 || n2 === 0) return { p: 1, z: 0 };
  const a = earlier.slice().sort();
  const b = later.slice().sort();
  // Walk both sorted groups together, one run of tied values at a time.
  let i = 0;
  let j = 0;
  let ranked = 0;
  let laterRankSum = 0;
  let tieTerm = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    let inA = 0;
    while (i < n1 && a[i] === v) {
      i++;
      inA++;
    }
    let inB = 0;
    while (j < n2 && b[j] === v) {
      j++;
      inB++;
    }
    const t = inA + inB;
    laterRankSum += inB * (ranked + (t + 1) / 2);
    if (t > 1) tieTerm += t * t * t - t;
    ranked += t;
  }
  const u = laterRankSum - (n2 * (n2 + 1)) / 2;
  const centre = (n1 * n2) / 2;
  const sign = u > centre ? 1 : u < centre ? -1 : 0;
  const tail = Math.min(u, n1 * n2 - u);
  if (tieTerm === 0 && Math.min(n1, n2) * (tail + 1) <= EXACT_BUDGET) {
    const p = Math.min(1, 2 * exactLowerTail(tail, n1, n2));
    return { p, z: sign * twoSidedToZ(p) };
  }
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { p: 1, z: 0 };
  const z = (u - centre) / Math.sqrt(variance);
  return { p: normalTwoSided(z), z };
}

/**
 * P(U ≤ u) for groups of n1 and n2 distinct values under the null hypothesis: the first u + 1
 * coefficients of the Gaussian binomial [n1 + n2 choose n1]_q (which counts the arrangements
 * by U), over the number of arrangements C(n1 + n2, n1).
 */
function exactLowerTail(u: number, n1: number, n2: number): number {
  const m = Math.min(n1, n2);
  const k = Math.max(n1, n2);
  const d = Math.floor(u);
  const c = new Float64Array(d + 1);
  c[0] = 1;
  for (let i = 1; i <= m; i++) {
    // Multiply by (1 − q^(k+i)), then divide by (1 − q^i), truncated at degree d.
    const up = k + i;
    for (let e = d; e >= up; e--) c[e]! -= c[e - up]!;
    for (let e = i; e <= d; e++) c[e]! += c[e - i]!;
  }
  let count = 0;
  for (let e = 0; e <= d; e++) count += c[e]!;
  const logTotal = logGamma(n1 + n2 + 1) - logGamma(n1 + 1) - logGamma(n2 + 1);
  return Math.min(1, count / Math.exp(logTotal));
}
