import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./analytics_reference.py', import.meta.url));

/** Runs the independent Python reference (python3, standard library only) and parses its JSON. */
export function runPythonReference(args: string[], input?: string): unknown {
  const run = spawnSync('python3', [SCRIPT, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new Error(`could not run python3 for the analytics reference: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`analytics_reference.py failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout);
}
