import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where the browser tests expect Chromium (Debian's `chromium` package). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

let warned = false;

/**
 * Launches headless Chromium, or skips the suite with one clear line when it is not
 * installed. Under `RUNNER_DASH_E2E=1` (CI, which installs it) a missing Chromium fails.
 */
export async function launchChromiumOrSkip(ctx: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    const line = `skipping browser tests: ${CHROMIUM_PATH} not found — apt-get install chromium`;
    if (process.env.RUNNER_DASH_E2E === '1') throw new Error(`${line} (RUNNER_DASH_E2E=1 requires it)`);
    if (!warned) console.log(line);
    warned = true;
    ctx.skip();
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}
