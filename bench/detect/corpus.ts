/**
 * The labelled corpus: synthetic run-time series whose true changes are known, seeded so the
 * benchmark is reproducible. Noise lives on the log scale because run times are multiplicative
 * (a machine 10 % busier makes every step 10 % slower).
 */
import type { SeededRandom } from '@runner-dash/core';
import { benchRandom, studentT } from './random.js';

/** Shape of the run-to-run noise. */
export type NoiseKind = 'lognormal' | 't3' | 'bimodal' | 'outliers' | 'ar1';

/** One noise model of the corpus. */
export interface NoiseSpec {
  kind: NoiseKind;
  /** Standard deviation on the log scale (for `ar1` the marginal one). */
  sigma: number;
  label: string;
}

/** A real change: a step at `index`, or a ramp from `index` to `end`. */
export interface TrueChange {
  index: number;
  /** Last run of a ramp; equal to `index` for a step. */
  end: number;
  direction: 'regression' | 'improvement';
}

/** One series with its labels. */
export interface LabelledSeries {
  length: number;
  noise: NoiseSpec;
  /** Scenario group, e.g. `step +25% mid`, `no change`, `spikes 1-3 runs`. */
  scenario: string;
  values: number[];
  changes: TrueChange[];
  /** Runs of each 1–3-run spike (first and last), which must never raise an alert. */
  spikes: Array<{ index: number; end: number }>;
}

export const LENGTHS = [30, 100, 736, 5000] as const;

export const NOISES: NoiseSpec[] = [
  { kind: 'lognormal', sigma: 0.03, label: 'lognormal σ=0.03' },
  { kind: 'lognormal', sigma: 0.08, label: 'lognormal σ=0.08' },
  { kind: 'lognormal', sigma: 0.12, label: 'lognormal σ=0.12' },
  { kind: 'lognormal', sigma: 0.25, label: 'lognormal σ=0.25' },
  // Student t with 3 degrees of freedom, scaled to the same standard deviation as σ=0.12.
  { kind: 't3', sigma: 0.12, label: 'Student t3 σ=0.12' },
  { kind: 'bimodal', sigma: 0.12, label: 'bimodal 30% +15%' },
  { kind: 'outliers', sigma: 0.12, label: 'outliers 1-5% ×1.5-3' },
  { kind: 'ar1', sigma: 0.12, label: 'AR(1) ρ=0.5' },
];

export const STEPS = [5, 10, 25, 50, -10, -25] as const;
export type StepPosition = 'mid' | 'last 30' | 'last 10';
export const POSITIONS: StepPosition[] = ['mid', 'last 30', 'last 10'];

/** Scenario name of a single step. */
export function stepScenario(percent: number, position: StepPosition): string {
  return `step ${percent > 0 ? '+' : ''}${percent}% ${position}`;
}
export const NO_CHANGE = 'no change';
export const SPIKES = 'spikes 1-3 runs';
export const TWO_STEPS = 'two steps 40 apart';
export const RAMP = 'ramp +25% over 100';

/** How many series of each kind to draw for one (noise, length) pair. */
export interface CorpusSize {
  /** Series per change scenario, by length (long series cost more and vary less). */
  perChange: (length: number) => number;
  /** Series with spikes only, per noise and length. */
  spikes: number;
}

/**
 * Every series of the corpus, in a fixed order. For each noise and length there are as many
 * series without any change as there are with one, plus the spike-only series.
 */
export function generateCorpus(seed: number, size: CorpusSize): LabelledSeries[] {
  const random = benchRandom(seed);
  const corpus: LabelledSeries[] = [];
  for (const noise of NOISES) {
    for (const length of LENGTHS) {
      const plans = changePlans(length);
      let changed = 0;
      for (const plan of plans) {
        for (let r = 0; r < size.perChange(length); r++) {
          corpus.push(drawSeries(random, noise, length, plan.scenario, plan.levels(random, r)));
          changed++;
        }
      }
      for (let r = 0; r < changed; r++) corpus.push(drawSeries(random, noise, length, NO_CHANGE, flat()));
      for (let r = 0; r < size.spikes; r++) corpus.push(drawSeries(random, noise, length, SPIKES, flat(), true));
    }
  }
  return corpus;
}

/**
 * `count` series of one scenario (any name `generateCorpus` uses), for a sample larger than
 * the corpus holds where a target needs a tighter estimate.
 */
export function generateGroup(
  seed: number,
  noise: NoiseSpec,
  length: number,
  scenario: string,
  count: number,
): LabelledSeries[] {
  const random = benchRandom(seed);
  const plan = changePlans(length).find((p) => p.scenario === scenario);
  const out: LabelledSeries[] = [];
  for (let r = 0; r < count; r++) {
    if (plan) out.push(drawSeries(random, noise, length, scenario, plan.levels(random, r)));
    else if (scenario === NO_CHANGE || scenario === SPIKES) {
      out.push(drawSeries(random, noise, length, scenario, flat(), scenario === SPIKES));
    } else throw new Error(`no scenario "${scenario}" at length ${length}`);
  }
  return out;
}

/** The log-level of every run and the true changes that produce it. */
interface Levels {
  level: (t: number) => number;
  changes: (length: number) => TrueChange[];
}

interface Plan {
  scenario: string;
  levels: (random: SeededRandom, replicate: number) => Levels;
}

function flat(): Levels {
  return { level: () => 0, changes: () => [] };
}

function direction(logShift: number): TrueChange['direction'] {
  return logShift > 0 ? 'regression' : 'improvement';
}

function changePlans(length: number): Plan[] {
  const plans: Plan[] = [];
  for (const percent of STEPS) {
    const shift = Math.log(1 + percent / 100);
    for (const position of POSITIONS) {
      // "The last 30 runs" of a 30-run series is the whole series: not a change.
      if (position === 'last 30' && length <= 30) continue;
      plans.push({
        scenario: stepScenario(percent, position),
        levels: (random) => {
          const at =
            position === 'mid'
              ? Math.floor(length / 2) + random.int(-Math.floor(length / 10), Math.floor(length / 10))
              : length - (position === 'last 30' ? 30 : 10);
          return {
            level: (t) => (t >= at ? shift : 0),
            changes: () => [{ index: at, end: at, direction: direction(shift) }],
          };
        },
      });
    }
  }
  if (length >= 100) {
    plans.push({
      scenario: TWO_STEPS,
      // +25 %, then 40 runs later either back down (a fixed regression) or up again.
      levels: (random, replicate) => {
        const first = Math.floor(length / 2) - 20 + random.int(-Math.floor(length / 20), Math.floor(length / 20));
        const second = first + 40;
        const up = Math.log(1.25);
        const next = replicate % 2 === 0 ? 0 : 2 * up;
        return {
          level: (t) => (t >= second ? next : t >= first ? up : 0),
          changes: () => [
            { index: first, end: first, direction: 'regression' },
            { index: second, end: second, direction: direction(next - up) },
          ],
        };
      },
    });
  }
  if (length >= 300) {
    plans.push({
      scenario: RAMP,
      levels: (random) => {
        const start = Math.floor(length / 2) - 50 + random.int(-Math.floor(length / 10), Math.floor(length / 10));
        const end = start + 100;
        const top = Math.log(1.25);
        return {
          level: (t) => (t >= end ? top : t > start ? (top * (t - start)) / (end - start) : 0),
          changes: () => [{ index: start, end, direction: 'regression' }],
        };
      },
    });
  }
  return plans;
}

function drawSeries(
  random: SeededRandom,
  noise: NoiseSpec,
  length: number,
  scenario: string,
  levels: Levels,
  withSpikes = false,
): LabelledSeries {
  // Scripts run anywhere from a fifth of a second to a minute.
  const base = Math.exp(random.uniform(Math.log(0.2), Math.log(60)));
  const values = new Array<number>(length);
  let ar = random.normal() * noise.sigma;
  const innovation = noise.sigma * Math.sqrt(1 - 0.5 * 0.5);
  // Student t3 has variance 3: dividing by √3 gives it the same standard deviation as σ.
  const t3Scale = noise.sigma / Math.sqrt(3);
  for (let t = 0; t < length; t++) {
    let e: number;
    switch (noise.kind) {
      case 'lognormal':
        e = noise.sigma * random.normal();
        break;
      case 't3':
        e = t3Scale * studentT(random, 3);
        break;
      case 'bimodal':
        e = noise.sigma * random.normal() + (random.next() < 0.3 ? Math.log(1.15) : 0);
        break;
      case 'outliers':
        e = noise.sigma * random.normal();
        break;
      case 'ar1':
        if (t > 0) ar = 0.5 * ar + innovation * random.normal();
        e = ar;
        break;
    }
    values[t] = base * Math.exp(levels.level(t) + e);
  }
  if (noise.kind === 'outliers') {
    const share = random.uniform(0.01, 0.05);
    for (let t = 0; t < length; t++) if (random.next() < share) values[t]! *= random.uniform(1.5, 3);
  }
  const spikes: LabelledSeries['spikes'] = [];
  if (withSpikes) {
    // One spike per 100 runs or so (at least one), 1–3 runs long, 1.5–3 times slower.
    // Each in its own stretch of the series, so two spikes never merge into a longer bump.
    const count = Math.max(1, Math.min(3, Math.round(length / 100)));
    const stretch = Math.floor(length / count);
    for (let s = 0; s < count; s++) {
      const width = random.int(1, 3);
      const at = random.int(s * stretch + (s > 0 ? 5 : 0), (s + 1) * stretch - width);
      const factor = random.uniform(1.5, 3);
      for (let t = at; t < at + width; t++) values[t]! *= factor;
      spikes.push({ index: at, end: at + width - 1 });
    }
  }
  return { length, noise, scenario, values, changes: levels.changes(length), spikes };
}
