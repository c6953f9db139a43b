import { resolveNow } from '../timeWindow.js';
import { DEMO_SCRIPTS, DEMO_STEP_AT, demoScriptCount, shapeFactor, type DemoScriptProfile } from './demoScripts.js';
import { SeededRandom } from './SeededRandom.js';

/** Size, span, seed and clock of a demo history. */
export interface DemoOptions {
  /** Executions (attempts) to write, 1–1,000,000; default 3000. */
  runs?: number;
  /** Days the history spans, ending at `now`; 1–3650, default 60. */
  days?: number;
  /** Seed of the pseudo-random generator; default 42. */
  seed?: number;
  /** The end of the history (Date or naive local ISO string); default the current time. */
  now?: Date | string;
}

/** What happened in one planned attempt. */
export type DemoOutcome = 'ok' | 'failed' | 'timeout';

/** One attempt of one script, before its metrics are drawn. */
export interface PlannedRun {
  /** Index into {@link DemoPlan.scripts}. */
  script: number;
  /** Start, microseconds since the epoch (integer). */
  startUs: number;
  /** Duration in seconds, rounded to 4 decimals as runner.py stores it. */
  seconds: number;
  outcome: DemoOutcome;
  exitCode: number;
  attempt: number;
}

/** A whole demo history's schedule, oldest run first. */
export interface DemoPlan {
  scripts: DemoScriptProfile[];
  runs: PlannedRun[];
  seed: number;
  startUs: number;
  endUs: number;
  /**
   * The first run of the step script at its new level (30 % slower): its `startUs` and its
   * position among that script's runs (oldest first) — where a change-point detector
   * should find the change. Undefined when the step script has no run after the step.
   */
  step: { scriptPath: string; startUs: number; runIndex: number } | undefined;
}

const US_PER_S = 1e6;
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

function checkedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be a whole number from ${min} to ${max} (got ${value})`);
  return value;
}

/** Resolves and validates the options; throws a RangeError naming the bad one. */
export function resolveDemoOptions(options: DemoOptions = {}): Required<DemoOptions> & { now: Date } {
  return {
    runs: checkedInteger('runs', options.runs ?? 3000, 1, 1_000_000),
    days: checkedInteger('days', options.days ?? 60, 1, 3650),
    seed: checkedInteger('seed', options.seed ?? 42, 0, 2 ** 32 - 1),
    now: resolveNow(options.now),
  };
}

/** Splits `total` over the weights, largest remainders first, so the parts sum exactly. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = total - parts.reduce((a, b) => a + b, 0); k < left; k++) parts[order[k]![1]]!++;
  return parts;
}

/** One invocation: its attempts' outcomes (a failed attempt is retried while attempts remain). */
function drawChain(p: DemoScriptProfile, rng: SeededRandom, budget: number): DemoOutcome[] {
  const chain: DemoOutcome[] = [];
  for (;;) {
    const outcome: DemoOutcome = rng.chance(p.hangRate) ? 'timeout' : rng.chance(p.failureRate) ? 'failed' : 'ok';
    chain.push(outcome);
    if (outcome !== 'failed' || chain.length >= p.maxAttempts || chain.length >= budget) return chain;
  }
}

function planScript(index: number, p: DemoScriptProfile, count: number, seed: number, startUs: number, endUs: number) {
  // Each script draws from its own stream, so its runs do not depend on the others.
  const rng = new SeededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const chains: DemoOutcome[][] = [];
  for (let left = count; left > 0;) {
    const chain = drawChain(p, rng, left);
    chains.push(chain);
    left -= chain.length;
  }
  const span = endUs - startUs;
  const interval = span / chains.length;
  const runs: PlannedRun[] = [];
  let prevEndUs = -Infinity;
  chains.forEach((chain, i) => {
    const nominal = startUs + (i + 0.5 + rng.uniform(-0.3, 0.3)) * interval;
    let begin = Math.max(nominal, prevEndUs + US_PER_S);
    const attempts: PlannedRun[] = [];
    for (const [k, planned] of chain.entries()) {
      const t = Math.min(1, Math.max(0, (begin - startUs) / span));
      let seconds = p.baseSeconds * shapeFactor(p.shape, t) * rng.lognormal(p.sigma);
      if (rng.chance(p.outlierRate)) seconds *= rng.uniform(2, 4);
      let outcome = planned;
      if (outcome === 'failed') seconds *= rng.uniform(0.05, 0.6);
      if (p.timeoutSeconds !== null && (outcome === 'timeout' || seconds >= p.timeoutSeconds)) {
        outcome = 'timeout';
        seconds = p.timeoutSeconds + rng.uniform(0.01, 0.05);
      }
      seconds = Math.max(0.0101, round4(seconds));
      const exitCode = outcome === 'ok' ? 0 : outcome === 'timeout' ? -1 : p.failureExit;
      attempts.push({ script: index, startUs: Math.round(begin), seconds, outcome, exitCode, attempt: k + 1 });
      // runner.py waits a moment before a retry, longer after each failure.
      begin += seconds * US_PER_S + rng.uniform(1, 1.5) * 2 ** k * US_PER_S;
    }
    const last = attempts[attempts.length - 1]!;
    const overshoot = last.startUs + Math.round(last.seconds * US_PER_S) - endUs;
    if (overshoot > 0) for (const a of attempts) a.startUs -= overshoot + US_PER_S;
    prevEndUs = last.startUs + last.seconds * US_PER_S;
    runs.push(...attempts);
  });
  return runs;
}

/**
 * Plans a demo history: which script runs when, for how long, and how each attempt ends.
 * Pure and seeded: the same options give the same plan.
 */
export function planDemoRuns(options: DemoOptions = {}): DemoPlan {
  const { runs, days, seed, now } = resolveDemoOptions(options);
  const scripts = DEMO_SCRIPTS.slice(0, demoScriptCount(runs));
  const endUs = now.getTime() * 1000;
  const startUs = endUs - days * 86_400 * US_PER_S;
  const counts = apportion(
    runs,
    scripts.map((s) => s.weight),
  );
  const perScript = scripts.map((p, i) => planScript(i, p, counts[i]!, seed, startUs, endUs));

  let step: DemoPlan['step'];
  const stepIndex = scripts.findIndex((s) => s.shape === 'step');
  if (stepIndex >= 0) {
    const stepUs = startUs + DEMO_STEP_AT * (endUs - startUs);
    const list = perScript[stepIndex]!;
    const runIndex = list.findIndex((r) => r.startUs >= stepUs);
    if (runIndex >= 0) step = { scriptPath: scripts[stepIndex]!.path, startUs: list[runIndex]!.startUs, runIndex };
  }

  const all = perScript.flat().sort((a, b) => a.startUs - b.startUs || a.script - b.script);
  return { scripts, runs: all, seed, startUs, endUs, step };
}
