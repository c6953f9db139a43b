/**
 * Bench figures of @runner-dash/webcomponents (design.md §7): the dashboard bundle's size,
 * raw and gzip, and the time from navigation to the first chart drawn on a big history.
 * `npm run bench` calls {@link benchWebcomponents}; run alone with
 * `node --conditions=development --import tsx bench/webcomponents.ts [history.db]`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { generateDemoHistory } from '@runner-dash/core';
import { chromium } from 'playwright-core';
import { silentLogger, startServer } from 'runner-dash-server';

const CHROMIUM = '/usr/bin/chromium';
const BUNDLE = fileURLToPath(new URL('../packages/webcomponents/dist/runner-dash.js', import.meta.url));
const BUNDLE_SCRIPT = fileURLToPath(new URL('../packages/webcomponents/scripts/bundle.mjs', import.meta.url));

/** Options of {@link benchWebcomponents}. */
export interface WebcomponentsBenchOptions {
  /** A big history to open (the bench's 1M-metric database); generated when absent. */
  dbPath?: string;
  /** Navigations measured (the first is cold). */
  navigations?: number;
  log?: (line: string) => void;
}

/** What {@link benchWebcomponents} measured. */
export interface WebcomponentsBenchResult {
  bundle_raw_bytes: number;
  bundle_gzip_bytes: number;
  /** Navigation start → first `runner-chart-rendered`, per navigation (ms); empty without Chromium. */
  first_chart_ms: number[];
  /** Target of design.md §7. */
  gzip_target_bytes: number;
}

/** Measures the bundle and, when Chromium is installed, the time to the first chart. */
export async function benchWebcomponents(options: WebcomponentsBenchOptions = {}): Promise<WebcomponentsBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  execFileSync(process.execPath, [BUNDLE_SCRIPT], { stdio: 'pipe' });
  const code = readFileSync(BUNDLE);
  const result: WebcomponentsBenchResult = {
    bundle_raw_bytes: code.length,
    bundle_gzip_bytes: gzipSync(code, { level: 9 }).length,
    first_chart_ms: [],
    gzip_target_bytes: 100 * 1024,
  };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  log(
    `dashboard bundle: ${kb(result.bundle_raw_bytes)} raw, ${kb(result.bundle_gzip_bytes)} gzip (target ≤ 100 KB gzip)`,
  );

  if (!existsSync(CHROMIUM)) {
    log(`navigation → first chart: skipped, ${CHROMIUM} not found — apt-get install chromium`);
    return result;
  }
  let temp: string | undefined;
  let dbPath = options.dbPath;
  if (!dbPath) {
    temp = mkdtempSync(join(tmpdir(), 'runner-dash-bench-wc-'));
    dbPath = join(temp, 'big.db');
    log('generating a 30,000-run demo history (~1M metric rows)…');
    generateDemoHistory(dbPath, { runs: 30_000, days: 60, seed: 1 });
  }
  const server = await startServer({ dbPath, host: '127.0.0.1', port: 0, log: silentLogger });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    for (let i = 0; i < (options.navigations ?? 3); i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      // performance.now() counts from navigation start, so the event's time is the measure.
      await page.addInitScript(() => {
        document.addEventListener(
          'runner-chart-rendered',
          () => ((window as unknown as { __firstChart?: number }).__firstChart ??= performance.now()),
          { capture: true },
        );
      });
      await page.goto(`${server.url}?days=30`);
      const ms = await page.waitForFunction(
        () => (window as unknown as { __firstChart?: number }).__firstChart,
        undefined,
        {
          timeout: 60_000,
        },
      );
      result.first_chart_ms.push(Math.round(Number(await ms.jsonValue())));
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
  const [cold, ...warm] = result.first_chart_ms;
  const sorted = [...warm].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : undefined;
  log(
    `navigation → first chart (30 days, ~1M metric rows): ${cold} ms cold${median !== undefined ? `, ${median} ms warm (median)` : ''}`,
  );
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchWebcomponents({ dbPath: process.argv[2] });
}
