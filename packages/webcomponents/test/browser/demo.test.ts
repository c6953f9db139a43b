import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEMO_STEP_SCRIPT, type DemoSummary } from '@runner-dash/core';
import type { Browser } from 'playwright-core';
import type { DatabaseStats, MetricHistory, TrendAnalysis } from '../../src/data/apiTypes.js';
import { formatNumber } from '../../src/format.js';
import { ensureBundle } from './bundle.js';
import { launchChromiumOrSkip } from './chromium.js';
import { watchConsole } from './consoleWatch.js';
import { api, copyFixture, makeDemo, serve, tempDir, type ServerProcess, type TempDir } from './servers.js';

/** The README links this folder; the tests rewrite its pictures on every run. */
const SCREENSHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

describe('dashboard in Chromium over a generated demo history', function () {
  this.timeout(120_000);
  let browser: Browser;
  let dir: TempDir;
  let demo: DemoSummary;
  let server: ServerProcess;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    ensureBundle();
    dir = tempDir();
    demo = makeDemo(dir);
    server = await serve(demo.path);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    dir?.remove();
  });

  it('shows the planted step regression as a change point, in the chart and in words', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const watch = watchConsole(page);
    try {
      await page.goto(`${server.url}?script=${encodeURIComponent(DEMO_STEP_SCRIPT)}&days=30`);
      await page.locator('runner-metrics-chart[type="trend"][state="ready"]').waitFor();
      const { body: db } = await api<DatabaseStats>(server.url, 'api/stats/database');
      assert.equal(
        await page.locator('[data-card="total-executions"] .value').innerText(),
        formatNumber(db.total_executions),
      );
      assert.equal(db.total_executions, demo.executions);

      const query = `script_path=${encodeURIComponent(DEMO_STEP_SCRIPT)}&metric_name=execution_time_seconds&days=30`;
      const { body: trend } = await api<TrendAnalysis>(server.url, `api/analysis/trend?${query}`);
      const { body: history } = await api<MetricHistory>(server.url, `api/metrics/history?${query}`);
      // The run the demo planted its step at; the detector finds it within 2 runs (measured over
      // 40 demo seeds in the server's demoChangePoint test).
      const planted = history.data.findIndex((p) => p.timestamp === demo.step?.start_time);
      assert.ok(planted > 0, 'the planted step lies in the 30-day window');
      const confirmed = (trend.change_points ?? []).filter((c) => c.confidence === 'confirmed');
      const step = confirmed.find((c) => c.direction === 'regression' && Math.abs(c.index - planted) <= 2);
      assert.ok(step, `a confirmed regression within 2 runs of run ${planted}: ${JSON.stringify(confirmed)}`);
      assert.equal(step.execution_id, history.data[step.index]!.execution_id);
      assert.ok(step.change_percent > 25 && step.change_percent < 35, `${step.change_percent} %`);
      const chartText = await page.locator('runner-metrics-chart[type="trend"] .changes').innerText();
      assert.ok(chartText.includes(`from run #${step.execution_id}`), chartText);
      for (const cp of confirmed) assert.ok(chartText.includes(`from run #${cp.execution_id}`), chartText);
      const panel = page.locator('runner-analysis-panel li[data-kind="change"]').first();
      await panel.waitFor();
      assert.match(await panel.innerText(), new RegExp(`% slower since run ${step.execution_id} .*p [=<] `));
      assert.deepEqual(watch.errors, []);
    } finally {
      await page.close();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, width] of [
      ['desktop', 1400],
      ['side-panel', 360],
    ] as const) {
      it(`writes a ${scheme} ${name} screenshot (${width} px) to docs/screenshots/`, async () => {
        mkdirSync(SCREENSHOTS, { recursive: true });
        const page = await browser.newPage({
          viewport: { width, height: 900 },
          colorScheme: scheme,
          deviceScaleFactor: 1,
        });
        const watch = watchConsole(page);
        try {
          await page.goto(`${server.url}?script=${encodeURIComponent(DEMO_STEP_SCRIPT)}&days=30`);
          for (const selector of [
            'runner-metrics-chart[type="trend"][state="ready"]',
            'runner-metrics-chart[type="distribution"][state="ready"]',
            'runner-analysis-panel[state="ready"]',
            'runner-stats-table[state="ready"]',
            'runner-executions-table[state="ready"]',
            '[data-card="live-status"] .value >> text=Live',
          ]) {
            await page.locator(selector).first().waitFor();
          }
          const path = `${SCREENSHOTS}dashboard-${name}-${scheme}.png`;
          await page.screenshot({ path, fullPage: true, animations: 'disabled' });
          // The side panel must not scroll sideways: everything fits 360 px.
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.equal(overflow, 0);
          assert.deepEqual(watch.errors, []);
        } finally {
          await page.close();
        }
      });
    }
  }
});

describe('dashboard with an access token', function () {
  this.timeout(60_000);
  let browser: Browser;
  let dir: TempDir;
  let server: ServerProcess;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    ensureBundle();
    dir = tempDir();
    server = await serve(copyFixture(dir), { token: 's3cret', now: '2026-11-28T02:00:00' });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    dir?.remove();
  });

  it('asks for the token on a 401, keeps it for the tab, and then shows the data', async () => {
    const page = await browser.newPage();
    const watch = watchConsole(page);
    // Chromium logs the 401 answers that make the page ask; nothing else may appear.
    watch.tolerate(/status of 401/);
    try {
      await page.goto(server.url);
      await page.locator('form.token').waitFor();
      await page.locator('form.token input').fill('s3cret');
      await page.locator('form.token button[type="submit"]').click();
      await page.locator('runner-metrics-chart[type="trend"][state="ready"]').waitFor();
      await page.locator('[data-card="live-status"] .value', { hasText: 'Live' }).waitFor();
      assert.equal(await page.evaluate(() => sessionStorage.getItem('runner-dash-token')), 's3cret');
      await page.reload();
      await page.locator('runner-executions-table[state="ready"]').waitFor();
      assert.equal(await page.locator('form.token').count(), 0);
      assert.deepEqual(watch.errors, []);
    } finally {
      await page.close();
    }
  });
});
