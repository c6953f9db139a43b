import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { MetricHistory } from '../../src/data/apiTypes.js';
import { formatDuration } from '../../src/format.js';
import { ensureBundle } from './bundle.js';
import { launchChromiumOrSkip } from './chromium.js';
import { watchConsole } from './consoleWatch.js';
import {
  api,
  copyFixture,
  FIXTURE_NOW,
  serve,
  SLOWING_SCRIPT,
  staticPage,
  tempDir,
  type ServerProcess,
  type TempDir,
} from './servers.js';

describe('<runner-metrics-chart> embedded in a page on another origin', function () {
  this.timeout(60_000);
  let browser: Browser;
  let dir: TempDir;
  let server: ServerProcess;
  let site: { url: string; close(): Promise<void> };

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    ensureBundle();
    dir = tempDir();
    server = await serve(copyFixture(dir), { now: FIXTURE_NOW });
    // The README's snippet, verbatim apart from the host.
    site = await staticPage(`<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>My team page</title></head>
<body style="max-width:720px;margin:24px auto">
<h1>Nightly jobs</h1>
<script type="module" src="${server.url}assets/runner-dash.js"></script>
<runner-metrics-chart src="${server.url}" script="${SLOWING_SCRIPT}" days="30" live></runner-metrics-chart>
<runner-metrics-chart src="${server.url}" script="${SLOWING_SCRIPT}" days="30" type="distribution"></runner-metrics-chart>
<runner-metrics-chart src="${server.url}" script="jobs/never_ran.py" days="30"></runner-metrics-chart>
</body></html>`);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
    dir?.remove();
  });

  it("draws the fixture's slowing script from the runner-dash server across origins", async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 1200 } });
    const watch = watchConsole(page);
    try {
      await page.goto(site.url);
      assert.notEqual(new URL(site.url).port, String(server.port));
      const trend = page.locator('runner-metrics-chart').first();
      await page.locator('runner-metrics-chart[state="ready"]').nth(1).waitFor();
      const { body: history } = await api<MetricHistory>(
        server.url,
        `api/metrics/history?script_path=${encodeURIComponent(SLOWING_SCRIPT)}&metric_name=execution_time_seconds&days=30`,
      );
      const values = await trend.locator('tbody tr td:nth-child(3)').allInnerTexts();
      assert.equal(values.length, history.data_points);
      // Oldest run about 100 ms, newest about 300 ms: the slowdown is what is drawn.
      assert.deepEqual([values[values.length - 1], values[0]], ['102.7 ms', '308.7 ms']);
      assert.deepEqual(values, history.data.map((p) => formatDuration(p.value)).reverse());
      // The p50–p95 band and its labels come from the server's aggregated statistics.
      await trend.locator('.legend', { hasText: 'p50–p95' }).waitFor();
      const painted = await trend.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return n;
      });
      assert.ok(painted > 1000);
      // A script without runs shows an empty state, not a blank box.
      await page.locator('runner-metrics-chart[state="empty"] .state', { hasText: 'No runs recorded' }).waitFor();
      await page.screenshot({ path: `${dir.path}/embed.png` });
      assert.deepEqual(watch.errors, []);
    } finally {
      await page.close();
    }
  });

  it('shows an error with a retry when the server cannot be reached', async () => {
    const page = await browser.newPage();
    const watch = watchConsole(page);
    watch.tolerate(/ERR_CONNECTION_REFUSED/);
    // A port that was free a moment ago: nothing listens there.
    const gone = await staticPage('');
    const deadUrl = gone.url;
    await gone.close();
    const dead = await staticPage(`<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
<script type="module" src="${server.url}assets/runner-dash.js"></script>
<runner-metrics-chart src="${deadUrl}" script="x.py"></runner-metrics-chart></body></html>`);
    try {
      await page.goto(dead.url);
      const error = page.locator('runner-metrics-chart[state="error"] .state.error');
      await error.waitFor();
      assert.match(
        await error.innerText(),
        /Cannot reach the runner-dash server at http:\/\/127\.0\.0\.1:\d+\/ \(connection failed\)\. Check that it is running\./,
      );
      assert.equal(await error.locator('button', { hasText: 'Retry' }).count(), 1);
      assert.deepEqual(watch.errors, []);
    } finally {
      await page.close();
      await dead.close();
    }
  });
});
