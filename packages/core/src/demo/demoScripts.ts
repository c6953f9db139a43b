/** How a script's typical duration moves over the demo period. */
export type DemoShape = 'steady' | 'step' | 'drift-up' | 'faster';

/** The character of one demo script: what it costs and how it misbehaves. */
export interface DemoScriptProfile {
  path: string;
  args: string[];
  /** Relative share of the runs. */
  weight: number;
  /** Median duration (seconds) at the start of the period. */
  baseSeconds: number;
  /** Lognormal noise of the duration (σ of its logarithm). */
  sigma: number;
  /** Share of runs that take 2–4 times as long (a cold cache, a slow disk). */
  outlierRate: number;
  /** Share of attempts that fail, and the exit code they fail with. */
  failureRate: number;
  failureExit: 1 | 2;
  /** Attempts runner.py makes before giving up (1 = no retry). */
  maxAttempts: number;
  /** Configured timeout, or null; runs that hang are killed at it. */
  timeoutSeconds: number | null;
  /** Share of runs that hang until the timeout. */
  hangRate: number;
  shape: DemoShape;
  /** Typical CPU use in percent of one core (above 100 for multi-threaded work). */
  cpuPercent: number;
  /** Typical peak resident memory of the script, MB. */
  memoryMb: number;
  /** Reads and writes files heavily (block I/O counters). */
  ioHeavy: boolean;
  /** Typical lines printed on stdout by a successful run. */
  stdoutLines: number;
}

/** The script whose duration steps up by {@link DEMO_STEP_FACTOR} during the demo period. */
export const DEMO_STEP_SCRIPT = 'etl/load_orders.py';
/** Where in the period (0 = first day, 1 = now) the step happens: 15 days before the end of 60. */
export const DEMO_STEP_AT = 0.75;
/** The step regression: runs from the step on take 30 % longer. */
export const DEMO_STEP_FACTOR = 1.3;
/** The script that drifts slowly upward (+50 % over the period). */
export const DEMO_DRIFT_SCRIPT = 'reports/daily_summary.py';
/** The script that gets faster (−40 % over the period). */
export const DEMO_FASTER_SCRIPT = 'search/rebuild_index.py';

const profile = (
  p: Partial<DemoScriptProfile> & Pick<DemoScriptProfile, 'path' | 'baseSeconds'>,
): DemoScriptProfile => ({
  args: [],
  weight: 1,
  sigma: 0.1,
  outlierRate: 0.005,
  failureRate: 0.01,
  failureExit: 1,
  maxAttempts: 1,
  timeoutSeconds: null,
  hangRate: 0,
  shape: 'steady',
  cpuPercent: 50,
  memoryMb: 120,
  ioHeavy: false,
  stdoutLines: 10,
  ...p,
});

/**
 * The demo's scripts, most characteristic first: the first eight (always present) carry
 * every behaviour the dashboard should show; larger demos add the rest.
 */
// prettier-ignore
export const DEMO_SCRIPTS: readonly DemoScriptProfile[] = [
  profile({ path: DEMO_STEP_SCRIPT, args: ['--since', 'yesterday'], weight: 2, baseSeconds: 42, sigma: 0.08, outlierRate: 0.004, shape: 'step', cpuPercent: 65, memoryMb: 380, ioHeavy: true, stdoutLines: 12, timeoutSeconds: 600 }),
  profile({ path: DEMO_DRIFT_SCRIPT, weight: 1.2, baseSeconds: 18, sigma: 0.1, failureRate: 0.02, shape: 'drift-up', cpuPercent: 40, memoryMb: 220, stdoutLines: 30 }),
  profile({ path: DEMO_FASTER_SCRIPT, args: ['--full'], weight: 1, baseSeconds: 95, sigma: 0.09, shape: 'faster', cpuPercent: 85, memoryMb: 900, ioHeavy: true, stdoutLines: 8 }),
  profile({ path: 'backup/db_dump.sh', weight: 0.6, baseSeconds: 240, sigma: 0.12, failureExit: 2, timeoutSeconds: 600, hangRate: 0.02, cpuPercent: 25, memoryMb: 60, ioHeavy: true, stdoutLines: 3 }),
  profile({ path: 'integrations/sync_partner_api.py', weight: 1.5, baseSeconds: 6.5, sigma: 0.25, failureRate: 0.12, failureExit: 2, maxAttempts: 3, timeoutSeconds: 60, hangRate: 0.005, cpuPercent: 12, memoryMb: 95, stdoutLines: 20 }),
  profile({ path: 'scrapers/fetch_prices.py', args: ['--region', 'eu'], weight: 1.2, baseSeconds: 14, sigma: 0.35, outlierRate: 0.02, failureRate: 0.06, maxAttempts: 2, timeoutSeconds: 90, hangRate: 0.015, cpuPercent: 18, memoryMb: 140, stdoutLines: 50 }),
  profile({ path: 'maintenance/cleanup_tmp.sh', weight: 1, baseSeconds: 0.8, sigma: 0.15, failureRate: 0.003, cpuPercent: 30, memoryMb: 12, stdoutLines: 2 }),
  profile({ path: 'ml/train_model.py', args: ['--epochs', '20'], weight: 0.5, baseSeconds: 420, sigma: 0.07, failureRate: 0.03, timeoutSeconds: 1800, hangRate: 0.005, cpuPercent: 180, memoryMb: 3800, stdoutLines: 200 }),
  profile({ path: 'etl/transform_events.py', weight: 1.5, baseSeconds: 25, sigma: 0.1, cpuPercent: 70, memoryMb: 450, ioHeavy: true }),
  profile({ path: 'reports/export_invoices.py', weight: 0.8, baseSeconds: 9, sigma: 0.12, failureRate: 0.015, memoryMb: 160, stdoutLines: 40 }),
  profile({ path: 'ml/score_customers.py', weight: 0.8, baseSeconds: 60, sigma: 0.08, cpuPercent: 95, memoryMb: 1200 }),
  profile({ path: 'infra/rotate_logs.sh', weight: 0.5, baseSeconds: 2.2, sigma: 0.2, cpuPercent: 15, memoryMb: 8, ioHeavy: true, stdoutLines: 1 }),
  profile({ path: 'infra/check_certs.py', weight: 1, baseSeconds: 1.5, sigma: 0.3, failureRate: 0.02, timeoutSeconds: 30, hangRate: 0.002, cpuPercent: 8, memoryMb: 40, stdoutLines: 6 }),
  profile({ path: 'data/validate_schema.py', weight: 1.2, baseSeconds: 4, sigma: 0.1, failureRate: 0.01, cpuPercent: 55, memoryMb: 75 }),
  profile({ path: 'etl/sync_crm.py', weight: 1, baseSeconds: 33, sigma: 0.15, failureRate: 0.04, failureExit: 2, maxAttempts: 2, cpuPercent: 35, memoryMb: 210 }),
  profile({ path: 'reports/weekly_kpis.py', weight: 0.3, baseSeconds: 75, sigma: 0.1, cpuPercent: 60, memoryMb: 520, stdoutLines: 80 }),
  profile({ path: 'billing/charge_subscriptions.py', weight: 0.6, baseSeconds: 12, sigma: 0.12, failureRate: 0.015, cpuPercent: 25, memoryMb: 110, stdoutLines: 25 }),
  profile({ path: 'images/generate_thumbnails.py', weight: 0.9, baseSeconds: 48, sigma: 0.14, cpuPercent: 95, memoryMb: 640, ioHeavy: true, stdoutLines: 15 }),
  profile({ path: 'monitoring/healthcheck.py', weight: 2, baseSeconds: 0.35, sigma: 0.2, failureRate: 0.01, timeoutSeconds: 10, hangRate: 0.001, cpuPercent: 10, memoryMb: 28, stdoutLines: 4 }),
  profile({ path: 'mail/send_digest.py', weight: 0.7, baseSeconds: 5, sigma: 0.15, failureRate: 0.01, cpuPercent: 20, memoryMb: 85, stdoutLines: 12 }),
];

/** How many scripts a demo of `runs` runs has: 8, growing to 20 at 30,000 runs. */
export function demoScriptCount(runs: number): number {
  return Math.min(DEMO_SCRIPTS.length, Math.max(8, Math.ceil(runs / 1500)));
}

/** The factor on a script's median duration at `t` (0 = start of the period, 1 = now). */
export function shapeFactor(shape: DemoShape, t: number): number {
  switch (shape) {
    case 'step':
      return t >= DEMO_STEP_AT ? DEMO_STEP_FACTOR : 1;
    case 'drift-up':
      return 1 + 0.5 * t;
    case 'faster':
      return 1 - 0.4 * t;
    case 'steady':
      return 1;
  }
}
