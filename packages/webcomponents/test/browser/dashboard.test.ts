import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type {
  AggregatedByMetric,
  DatabaseStats,
  ExecutionDetail,
  ExecutionStatistics,
  ExecutionSummary,
  MetricHistory,
  ScriptSummary,
} from '../../src/data/apiTypes.js';
import { formatNumber, formatPercent } from '../../src/format.js';
import { ensureBundle } from './bundle.js';
import { launchChromiumOrSkip } from './chromium.js';
import { watchConsole, type ConsoleWatch } from './consoleWatch.js';
import {
  api,
  copyFixture,
  FIXTURE_NOW,
  recordRun,
  serve,
  SLOWING_SCRIPT,
  tempDir,
  type ServerProcess,
  type TempDir,
} from './servers.js';

/** Text of an element found through nested shadow roots (Playwright's CSS pierces them). */
const text = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).trim();

describe('dashboard in Chromium over the runner.py fixture', function () {
  this.timeout(60_000);
  let browser: Browser;
  let dir: TempDir;
  let dbPath: string;
  let server: ServerProcess;
  let context: BrowserContext;
  let page: Page;
  let consoleWatch: ConsoleWatch;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    ensureBundle();
    dir = tempDir();
    dbPath = copyFixture(dir);
    server = await serve(dbPath, { now: FIXTURE_NOW });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    dir?.remove();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    consoleWatch = watchConsole(page);
  });

  afterEach(async () => {
    await context.close();
    assert.deepEqual(consoleWatch.errors, [], 'no console errors');
  });

  async function open(query = ''): Promise<void> {
    await page.goto(`${server.url}${query}`);
    await page.locator('runner-metrics-chart[type="trend"][state="ready"]').waitFor();
    await page.locator('runner-executions-table[state="ready"]').waitFor();
  }

  it('renders every element with the numbers the API gives', async () => {
    await open();
    const { body: db } = await api<DatabaseStats>(server.url, 'api/stats/database');
    const { body: exec } = await api<ExecutionStatistics>(server.url, 'api/stats/execution');
    const { body: scripts } = await api<ScriptSummary[]>(server.url, 'api/scripts');
    const newest = scripts[0]!.path;

    assert.equal(await text(page, '[data-card="total-executions"] .value'), formatNumber(db.total_executions));
    assert.equal(await text(page, '[data-card="success-rate"] .value'), formatPercent(exec.success_rate));
    assert.equal(await text(page, '[data-card="total-metrics"] .value'), formatNumber(db.total_metrics));
    assert.equal(await text(page, '[data-card="unique-scripts"] .value'), '5');
    await page.locator('[data-card="live-status"] .value', { hasText: 'Live' }).waitFor();

    // Without a script in the URL the dashboard opens the script that ran last.
    assert.equal(await page.locator('select[name="script"]').inputValue(), newest);
    assert.equal(await page.locator('select[name="script"] option').count(), scripts.length + 1);

    const { body: runs, total } = await api<ExecutionSummary[]>(
      server.url,
      `api/executions?script_path=${encodeURIComponent(newest)}&limit=20`,
    );
    const rowIds = await page
      .locator('runner-executions-table tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-id'))));
    assert.deepEqual(
      rowIds,
      runs.map((r) => r.id),
    );
    assert.equal(await text(page, '[data-role="count"]'), `Showing ${runs.length} of ${total} runs`);
    // Timeouts carry their own badge.
    assert.equal(
      await page.locator('runner-executions-table .badge.timeout').count(),
      runs.filter((r) => r.timed_out).length,
    );

    const { body: stats } = await api<AggregatedByMetric>(
      server.url,
      `api/metrics/aggregated?script_path=${encodeURIComponent(newest)}&days=7`,
    );
    await page.locator('runner-stats-table[state="ready"]').waitFor();
    assert.equal(await page.locator('runner-stats-table tbody tr').count(), Object.keys(stats).length);

    // Each chart has drawn real pixels and carries its data as a table.
    const { body: history } = await api<MetricHistory>(
      server.url,
      `api/metrics/history?script_path=${encodeURIComponent(newest)}&metric_name=execution_time_seconds&days=7`,
    );
    assert.equal(await page.locator('runner-metrics-chart[type="trend"] tbody tr').count(), history.data_points);
    await page.locator('runner-metrics-chart[type="distribution"][state="ready"]').waitFor();
    for (const type of ['trend', 'distribution']) {
      const painted = await page
        .locator(`runner-metrics-chart[type="${type}"] canvas`)
        .evaluate((canvas: HTMLCanvasElement) => {
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
          return n;
        });
      assert.ok(painted > 1000, `${type} chart painted ${painted} pixels`);
    }
    await page.locator('runner-analysis-panel li').first().waitFor();
  });

  it('changes the charts with the filters, keeps them in the URL, and restores them on reload', async () => {
    await open();
    await page.locator('select[name="script"]').selectOption(SLOWING_SCRIPT);
    await page.locator('runner-metrics-chart[type="trend"] tbody tr').nth(9).waitFor();
    const { body: history } = await api<MetricHistory>(
      server.url,
      `api/metrics/history?script_path=${encodeURIComponent(SLOWING_SCRIPT)}&metric_name=execution_time_seconds&days=7`,
    );
    const ids = await page.locator('runner-metrics-chart[type="trend"] tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(ids, history.data.map((p) => `#${p.execution_id}`).reverse());
    assert.equal(new URL(page.url()).searchParams.get('script'), SLOWING_SCRIPT);
    // The analysis says in words that this script is getting slower.
    await page
      .locator('runner-analysis-panel li[data-kind="verdict"]', { hasText: 'Getting slower over 10 runs' })
      .waitFor();

    await page.locator('select[name="metric"]').selectOption('memory_max_mb');
    await page.locator('runner-metrics-chart[type="trend"] h2', { hasText: 'Memory max (MB)' }).waitFor();
    await page.locator('runner-stats-table tr[aria-selected="true"][data-metric="memory_max_mb"]').waitFor();
    await page.locator('button[data-days="1"]').click();
    const url = new URL(page.url());
    assert.deepEqual([url.searchParams.get('metric'), url.searchParams.get('days')], ['memory_max_mb', '1']);

    await page.reload();
    await page.locator('runner-metrics-chart[type="trend"][state="ready"]').waitFor();
    assert.equal(await page.locator('select[name="script"]').inputValue(), SLOWING_SCRIPT);
    assert.equal(await page.locator('select[name="metric"]').inputValue(), 'memory_max_mb');
    assert.equal(await page.locator('button[data-days="1"]').getAttribute('aria-pressed'), 'true');
    assert.equal(
      await page
        .locator('runner-metrics-chart[type="trend"]')
        .evaluate((el) => (el as HTMLElement & { days: number }).days),
      1,
    );
  });

  it('opens the detail of a run with all its metrics and alerts', async () => {
    await open(`?script=${encodeURIComponent('jobs/flaky.py')}`);
    const first = page.locator('runner-executions-table tbody tr').first();
    const id = Number(await first.getAttribute('data-id'));
    await first.click();
    const detail = page.locator('runner-execution-detail[state="ready"]');
    await detail.waitFor();
    const { body: run } = await api<ExecutionDetail>(server.url, `api/execution/${id}`);
    assert.equal(await text(page, 'runner-execution-detail h2'), `Run #${id}`);
    assert.equal(
      await page.locator('runner-execution-detail tr[data-metric]').count(),
      Object.keys(run.metrics).length,
    );
    const raw = await page
      .locator('runner-execution-detail tr[data-metric="execution_time_seconds"] td')
      .nth(2)
      .innerText();
    assert.equal(Number(raw), run.metrics.execution_time_seconds);
    assert.match(
      await text(page, 'runner-execution-detail h3:nth-of-type(2)'),
      new RegExp(`Alerts \\(${run.alerts.length}\\)`),
    );
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // Keyboard too: focus a row and press Enter.
    await page.locator('runner-executions-table tbody tr').nth(1).focus();
    await page.keyboard.press('Enter');
    await page.locator('runner-execution-detail[state="ready"]').waitFor();
  });

  it('exports a CSV file whose rows match the API export for the current filters', async () => {
    await open(`?script=${encodeURIComponent(SLOWING_SCRIPT)}&days=30`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('button[data-action="export"]').click(),
    ]);
    const file = readFileSync((await download.path())!, 'utf8');
    const expected = await (
      await fetch(
        new URL(
          `api/export/csv?script_path=${encodeURIComponent(SLOWING_SCRIPT)}&metric_name=execution_time_seconds&days=30`,
          server.url,
        ),
      )
    ).text();
    assert.equal(file, expected);
    const lines = file.trim().split(/\r?\n/);
    assert.match(lines[0]!, /^id,script_path,start_time/);
    assert.equal(lines.length, 1 + 10);
    assert.ok(lines.slice(1).every((line) => line.includes(SLOWING_SCRIPT)));
    assert.match(download.suggestedFilename(), /\.csv$/);
  });

  it('shows a run recorded meanwhile without a reload', async () => {
    await open(`?script=${encodeURIComponent(SLOWING_SCRIPT)}`);
    const before = await text(page, '[data-card="total-executions"] .value');
    const id = recordRun(dbPath, SLOWING_SCRIPT, 0.4321);
    await page.locator(`runner-executions-table tbody tr[data-id="${id}"]`).waitFor({ timeout: 5000 });
    await page
      .locator('runner-metrics-chart[type="trend"] tbody tr td:first-child', { hasText: `#${id}` })
      .waitFor({ timeout: 5000 });
    await page
      .locator('[data-card="total-executions"] .value', { hasText: formatNumber(Number(before.replace(/,/g, '')) + 1) })
      .waitFor({ timeout: 5000 });
  });

  it('keeps working while the server is gone and catches up when it is back on the same port', async () => {
    await open(`?script=${encodeURIComponent(SLOWING_SCRIPT)}`);
    const port = server.port;
    // The browser itself logs the failed connections while the server goes down and stays down
    // (refused, or reset/empty for a request caught in flight by the shutdown); only those are expected.
    const stopTolerating = consoleWatch.tolerate(
      /ERR_(CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE|CONNECTION_CLOSED)|WebSocket connection to .* failed/,
    );
    await server.close();
    await page
      .locator('[data-card="live-status"] .value', { hasText: /Reconnecting|Offline/ })
      .waitFor({ timeout: 10_000 });
    // What was shown stays on screen.
    assert.equal(await page.locator('runner-metrics-chart[type="trend"]').getAttribute('state'), 'ready');
    assert.ok((await page.locator('runner-executions-table tbody tr').count()) > 0);

    const id = recordRun(dbPath, SLOWING_SCRIPT, 0.5);
    server = await serve(dbPath, { port, now: FIXTURE_NOW });
    await page.locator('[data-card="live-status"] .value', { hasText: 'Live' }).waitFor({ timeout: 15_000 });
    stopTolerating();
    // The run recorded during the outage appears once the dashboard is back.
    await page.locator(`runner-executions-table tbody tr[data-id="${id}"]`).waitFor({ timeout: 10_000 });
    await page.locator('select[name="metric"]').selectOption('cpu_max');
    await page.locator('runner-metrics-chart[type="trend"][state="ready"] h2', { hasText: 'Cpu max' }).waitFor();
  });
});
