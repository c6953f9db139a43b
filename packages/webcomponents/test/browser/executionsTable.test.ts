import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { ExecutionSummary } from '../../src/data/apiTypes.js';
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
  staticPage,
  tempDir,
  type ServerProcess,
  type TempDir,
} from './servers.js';

/** The fixture's script with 14 runs, more than a page of 10. */
const FLAKY_SCRIPT = 'jobs/flaky.py';

describe('<runner-executions-table page-size="10" live> paging with live runs', function () {
  this.timeout(60_000);
  let browser: Browser;
  let dir: TempDir;
  let dbPath: string;
  let server: ServerProcess;
  let site: { url: string; close(): Promise<void> };
  let page: Page;
  let watch: ConsoleWatch;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    ensureBundle();
    dir = tempDir();
    dbPath = copyFixture(dir);
    server = await serve(dbPath, { now: FIXTURE_NOW });
    // As the VS Code side view uses it: one script, pages of 10, following the live feed.
    site = await staticPage(`<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script type="module" src="${server.url}assets/runner-dash.js"></script>
<runner-executions-table src="${server.url}" script="${SLOWING_SCRIPT}" page-size="10" live></runner-executions-table>
</body></html>`);
    page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    watch = watchConsole(page);
    await page.goto(site.url);
  });

  after(async () => {
    await page?.close();
    await browser?.close();
    await site?.close();
    await server?.close();
    dir?.remove();
  });

  const table = () => page.locator('runner-executions-table');
  const rowIds = async () =>
    await table()
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-id'))));
  const moreButton = () => table().locator('.more button');
  const newest = async (script: string, limit: number) =>
    (
      await api<ExecutionSummary[]>(
        server.url,
        `api/executions?script_path=${encodeURIComponent(script)}&limit=${limit}`,
      )
    ).body;

  it('puts a live run on top and keeps the page at 10 rows, the count in step with "Load N more"', async () => {
    await table().locator('[data-role="count"]', { hasText: 'Showing 10 of 10 runs' }).waitFor();
    assert.equal(await moreButton().count(), 0);

    const id = recordRun(dbPath, SLOWING_SCRIPT, 0.4321);
    await table()
      .locator('tbody tr')
      .first()
      .and(table().locator(`tr[data-id="${id}"]`))
      .waitFor({ timeout: 10_000 });
    await table().locator('[data-role="count"]', { hasText: 'Showing 10 of 11 runs' }).waitFor();
    const ids = await rowIds();
    assert.equal(ids.length, 10);
    assert.deepEqual(
      ids,
      (await newest(SLOWING_SCRIPT, 10)).map((r) => r.id),
    );
    assert.equal((await moreButton().innerText()).trim(), 'Load 1 more');

    await moreButton().click();
    await table().locator('[data-role="count"]', { hasText: 'Showing 11 of 11 runs' }).waitFor();
    assert.deepEqual(
      await rowIds(),
      (await newest(SLOWING_SCRIPT, 20)).map((r) => r.id),
    );
    assert.equal(await moreButton().count(), 0);
  });

  it('starts another script at one page, not at the row count the previous script had', async () => {
    // The side view reuses the element when the editor moves to another file.
    await table().evaluate((el, script) => el.setAttribute('script', script), FLAKY_SCRIPT);
    await table().locator('[data-role="count"]', { hasText: 'Showing 10 of 14 runs' }).waitFor();
    assert.deepEqual(
      await rowIds(),
      (await newest(FLAKY_SCRIPT, 10)).map((r) => r.id),
    );
    assert.equal((await moreButton().innerText()).trim(), 'Load 4 more');

    await moreButton().click();
    await table().locator('[data-role="count"]', { hasText: 'Showing 14 of 14 runs' }).waitFor();
    // With everything loaded, a live run adds a row rather than pushing one out.
    const id = recordRun(dbPath, FLAKY_SCRIPT, 0.25);
    await table().locator('[data-role="count"]', { hasText: 'Showing 15 of 15 runs' }).waitFor({ timeout: 10_000 });
    const ids = await rowIds();
    assert.equal(ids[0], id);
    assert.deepEqual(
      ids,
      (await newest(FLAKY_SCRIPT, 20)).map((r) => r.id),
    );
    assert.deepEqual(watch.errors, []);
  });
});
