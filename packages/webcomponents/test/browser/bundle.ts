import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

let built = false;

/**
 * Bundles the current sources once per test run, so the browser tests exercise exactly
 * what the server will serve (`dist/runner-dash.js`), never a stale build.
 */
export function ensureBundle(): void {
  if (built) return;
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/bundle.mjs', import.meta.url))], {
    stdio: 'pipe',
  });
  built = true;
}
