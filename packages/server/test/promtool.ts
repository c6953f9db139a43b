import { spawnSync } from 'node:child_process';

/** The result of `promtool check metrics` on a text. */
export interface PromtoolResult {
  status: number | null;
  output: string;
}

/** True when Debian's `promtool` (package `prometheus`) is on the PATH. */
export function hasPromtool(): boolean {
  return spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Skips the calling suite with one line when promtool is missing, and fails instead under
 * RUNNER_DASH_E2E=1 (CI installs it, so a missing one there is a broken set-up).
 */
export function requirePromtool(context: Mocha.Context): void {
  if (hasPromtool()) return;
  if (process.env.RUNNER_DASH_E2E === '1')
    throw new Error('promtool is missing but RUNNER_DASH_E2E=1: install it with apt-get install prometheus');
  console.log('    skipped: promtool not found — install it with `apt-get install prometheus` to check /metrics');
  context.skip();
}

/** Runs `promtool check metrics` (it reads the exposition from stdin; lint problems fail it too). */
export function promtoolCheck(text: string): PromtoolResult {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}
