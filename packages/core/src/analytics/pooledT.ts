/**
 * Student's two-sample t test with pooled variance, for groups too small for a rank test to
 * ever reach a strict significance level: with 2 runs against 30, the smallest two-sided
 * Mann-Whitney p-value is 2/C(32, 2) ≈ 0.004, whatever the runs are.
 */

/** Outcome of {@link pooledT}. */
export interface PooledT {
  /** The t statistic: positive when `later` has the higher mean. */
  t: number;
  /** Degrees of freedom (n1 + n2 − 2). */
  dof: number;
}

/**
 * Pooled two-sample t of `later` against `earlier`. Groups without spread give ±Infinity when
 * their means differ and 0 when they do not; fewer than three values in all give t = 0.
 */
export function pooledT(earlier: ArrayLike<number>, later: ArrayLike<number>): PooledT {
  const n1 = earlier.length;
  const n2 = later.length;
  const dof = n1 + n2 - 2;
  if (n1 < 1 || n2 < 1 || dof < 1) return { t: 0, dof: Math.max(dof, 0) };
  const a = moments(earlier);
  const b = moments(later);
  const d = b.mean - a.mean;
  const variance = (a.squares + b.squares) / dof;
  if (!(variance > 0)) return { t: d === 0 ? 0 : Math.sign(d) * Infinity, dof };
  return { t: d / Math.sqrt(variance * (1 / n1 + 1 / n2)), dof };
}

/** Mean and sum of squared deviations, in two passes (no cancellation for values far from 0). */
function moments(values: ArrayLike<number>): { mean: number; squares: number } {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  const mean = total / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return { mean, squares };
}
