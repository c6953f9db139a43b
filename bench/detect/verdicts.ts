/**
 * The verdicts under the benchmark table. First the targets exactly as issue 6 words them
 * ("σ = 0.12 unless said": lognormal σ = 0.12 wherever a target names no noise), each PASS or
 * FAIL; then the same measures on the other noise types, which the issue sets no target for,
 * printed as `meets` / `below` / `info` so nobody mistakes them for the targets.
 * Targets that need a tighter estimate than the table's few series get larger seeded samples.
 * The spike target counts the confirmed changes a spike caused: beside it, and gone once its
 * runs are left out; a false alarm of the noise that merely lies near a spike is the no-change
 * target's business, and both counts are printed.
 */
import { detectChangePoints } from '@runner-dash/core';
import {
  generateGroup,
  LENGTHS,
  NOISES,
  NO_CHANGE,
  SPIKES,
  stepScenario,
  type LabelledSeries,
  type NoiseSpec,
} from './corpus.js';
import { ScoreTally, scoreSeries, TOLERANCE, type Detection } from './score.js';

/** One printed verdict: `PASS`/`FAIL` for a target of the issue, `meets`/`below`/`info` beyond it. */
export interface Verdict {
  status: 'PASS' | 'FAIL' | 'meets' | 'below' | 'info';
  text: string;
}

/** What the verdicts are drawn from. */
export interface VerdictInput {
  /** The table's scores of detectChangePoints and runner.py for one scenario and noise. */
  table: (scenario: string, noiseLabel: string) => { cp: ScoreTally; py: ScoreTally };
  /** Median time of one 100,000-run series, ms. */
  bigMillis: number;
  /** Seed of the benchmark; the larger samples derive theirs from it. */
  seed: number;
}

/** The targets, then the same measures beyond them. */
export interface Verdicts {
  targets: Verdict[];
  beyond: Verdict[];
}

const pct = (x: number): string => (Number.isNaN(x) ? '—' : `${(100 * x).toFixed(1)}%`);
const num = (x: number): string => (Number.isNaN(x) ? '—' : x.toFixed(1));

/** Series per length in the larger samples (long series vary less and cost more). */
const STEP_SAMPLE = (length: number): number => (length >= 5000 ? 20 : 100);
const SPIKE_SAMPLE = (length: number): number => (length >= 5000 ? 20 : 200);
const TEN_PERCENT_SAMPLE = 200;

/** Confirmed change points of a series, as the scorer wants them. */
export function changePointAlerts(values: number[]): Detection[] {
  return detectChangePoints(values)
    .filter((c) => c.confidence === 'confirmed')
    .map((c) => ({ index: c.index, direction: c.direction }));
}

function sampleScores(noise: NoiseSpec, length: number, scenario: string, count: number, seed: number): ScoreTally {
  const tally = new ScoreTally();
  for (const s of generateGroup(seed, noise, length, scenario, count)) {
    tally.add(scoreSeries(s, changePointAlerts(s.values)));
  }
  return tally;
}

/** Every verdict line, in print order. */
export function judgeBenchmark(input: VerdictInput): Verdicts {
  const { table, bigMillis, seed } = input;
  const sigma12 = NOISES.filter((n) => n.sigma === 0.12);
  const reference = sigma12.find((n) => n.kind === 'lognormal')!;
  const targets: Verdict[] = [];
  const beyond: Verdict[] = [];
  const verdict = (isTarget: boolean, ok: boolean, text: string): void => {
    if (isTarget) targets.push({ status: ok ? 'PASS' : 'FAIL', text });
    else beyond.push({ status: ok ? 'meets' : 'below', text });
  };

  // No change: the issue names every independent noise type, and AR(1) with its own limit.
  for (const n of NOISES) {
    const { cp, py } = table(NO_CHANGE, n.label);
    const limit = n.kind === 'ar1' ? 0.1 : 0.03;
    verdict(
      true,
      cp.alertShare <= limit,
      `no change, ${n.label}: confirmed alert in ${pct(cp.alertShare)} of ${cp.series} series ` +
        `(≤ ${pct(limit)}; runner.py ${pct(py.alertShare)})`,
    );
  }

  // Steps: seeds by position in the σ = 0.12 list, so each sample is the same on every run.
  sigma12.forEach((n, i) => {
    [25, 50].forEach((step, s) => {
      const byLength = LENGTHS.map((length, l) =>
        sampleScores(n, length, stepScenario(step, 'mid'), STEP_SAMPLE(length), seed + 100 + i * 8 + s * 4 + l),
      );
      const all = new ScoreTally();
      for (const t of byLength) all.merge(t);
      const perLength = byLength.map((t, l) => `${LENGTHS[l]}: ${pct(t.recall)}`).join(', ');
      verdict(
        n === reference,
        all.recall >= 0.95 && all.precision >= 0.9 && all.medianLocationError <= 1,
        `+${step}% mid, ${n.label}: recall ${pct(all.recall)} (≥ 95%; ${perLength}), precision ` +
          `${pct(all.precision)} (≥ 90%), loc err ${num(all.medianLocationError)} (≤ 1), ${all.series} series`,
      );
    });
  });
  sigma12.forEach((n, i) => {
    const t = sampleScores(n, 736, stepScenario(10, 'mid'), TEN_PERCENT_SAMPLE, seed + 140 + i);
    verdict(
      n === reference,
      t.recall >= 0.65,
      `+10% mid at 736 runs, ${n.label}: recall ${pct(t.recall)} (≥ 65%), precision ${pct(t.precision)}, ` +
        `${t.series} series`,
    );
  });

  // Spikes: a confirmed change within ±5 runs of a spike is the spike's doing unless the same
  // series without the spike's runs still has it (then it is a false alarm of the noise that
  // happens to lie beside a spike, which the no-change rows count).
  const spikes = NOISES.map((n, i) => {
    const tally = new SpikeTally();
    LENGTHS.forEach((length, l) => {
      for (const s of generateGroup(seed + 200 + i * 4 + l, n, length, SPIKES, SPIKE_SAMPLE(length))) tally.add(s);
    });
    return { noise: n, tally };
  });
  const spikeText = (label: string, t: SpikeTally, noChange: string, target: boolean): string =>
    `spikes of 1-3 runs, ${label}: ${t.caused} of ${t.series} series with a confirmed change the spike caused` +
    `${target ? ' (0)' : ''}; ` +
    `${t.near} with one within ±5 runs of a spike; any confirmed alert in ${pct(t.alerted / t.series)} ` +
    `(no-change series: ${noChange})`;
  for (const { noise, tally } of spikes) {
    const noChange = pct(table(NO_CHANGE, noise.label).cp.alertShare);
    if (noise === reference) verdict(true, tally.caused === 0, spikeText(noise.label, tally, noChange, true));
    else beyond.push({ status: 'info', text: spikeText(noise.label, tally, noChange, false) });
  }
  const all = new SpikeTally();
  for (const { tally } of spikes) all.merge(tally);
  const ar1 = spikes.find((s) => s.noise.kind === 'ar1')!.tally;
  targets.push({
    status: 'info',
    text:
      `spikes of 1-3 runs, all ${NOISES.length} noise types: ${all.caused} of ${all.series} series with a confirmed ` +
      `change the spike caused, ${all.near} with one within ±5 runs of a spike (${ar1.near} of them under AR(1), ` +
      `whose no-change false alarms the issue allows up to 10 %); per noise type below`,
  });

  verdict(true, bigMillis <= 50, `100,000 runs: ${bigMillis.toFixed(1)} ms per series (≤ 50 ms)`);
  return { targets, beyond };
}

/**
 * Confirmed changes beside the spikes of spike-only series. A change within ±5 runs of a spike
 * counts as caused by it when the series with the spike's runs left out (NaN, which the
 * detector skips) has no confirmed change of the same direction within ±5 runs of it.
 */
class SpikeTally {
  series = 0;
  alerted = 0;
  near = 0;
  caused = 0;

  add(series: LabelledSeries): void {
    this.series++;
    const found = changePointAlerts(series.values);
    if (found.length > 0) this.alerted++;
    const beside = found.filter((d) =>
      series.spikes.some((s) => d.index >= s.index - TOLERANCE && d.index <= s.end + TOLERANCE),
    );
    if (beside.length === 0) return;
    this.near++;
    const without = series.values.slice();
    for (const s of series.spikes) for (let t = s.index; t <= s.end; t++) without[t] = NaN;
    const still = changePointAlerts(without);
    const explained = (d: Detection): boolean =>
      still.some((e) => e.direction === d.direction && Math.abs(e.index - d.index) <= TOLERANCE);
    if (!beside.every(explained)) this.caused++;
  }

  merge(other: SpikeTally): void {
    this.series += other.series;
    this.alerted += other.alerted;
    this.near += other.near;
    this.caused += other.caused;
  }
}
