/**
 * The benchmark's seeded random source: core's sfc32 generator, started the way the corpus
 * has always been started (three fixed words, the seed in the fourth, 16 warm-up steps) so
 * every run of the benchmark sees the very same corpus.
 */
import { SeededRandom } from '@runner-dash/core';

/** The generator for `seed`, giving the benchmark's historical stream. */
export function benchRandom(seed: number): SeededRandom {
  return SeededRandom.fromState([0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0], 16);
}

/** Student t with `dof` degrees of freedom (integer dof: normal over the root of a chi-square). */
export function studentT(random: SeededRandom, dof: number): number {
  let chi2 = 0;
  for (let i = 0; i < dof; i++) {
    const z = random.normal();
    chi2 += z * z;
  }
  return random.normal() / Math.sqrt(chi2 / dof);
}
