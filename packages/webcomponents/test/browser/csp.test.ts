import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ensureBundle } from './bundle.js';
import { launchChromiumOrSkip } from './chromium.js';
import { watchConsole } from './consoleWatch.js';
import {
  copyFixture,
  FIXTURE_NOW,
  serve,
  SLOWING_SCRIPT,
  staticPage,
  tempDir,
  type ServerProcess,
  type TempDir,
} from './servers.js';

const NONCE = 'c3RyaWN0LWNzcC10ZXN0';

/**
 * A page embedding the dashboard under a CSP as strict as the VS Code webview's: nothing by
 * default, scripts and styles only by nonce, so inline style attributes are refused.
 */
function strictPage(server: ServerProcess) {
  const csp = [
    "default-src 'none'",
    'img-src data:',
    `style-src 'nonce-${NONCE}'`,
    `script-src 'nonce-${NONCE}'`,
    `connect-src ${server.url} ws://127.0.0.1:${server.port}`,
  ].join('; ');
  return staticPage(
    `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script nonce="${NONCE}">window.litNonce = ${JSON.stringify(NONCE)};</script>
<script type="module" nonce="${NONCE}" src="${server.url}assets/runner-dash.js"></script>
<runner-dashboard src="${server.url}"></runner-dashboard>
</body></html>`,
    { 'Content-Security-Policy': csp },
  );
}

/** The computed value of `property` on the first element matching `selector` (through shadow roots). */
const computed = (page: Page, selector: string, property: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el, name) => getComputedStyle(el).getPropertyValue(name), property);

describe('the elements under a strict Content Security Policy (as in the VS Code webview)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let dir: TempDir;
  let dbPath: string;

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    ensureBundle();
    dir = tempDir();
    dbPath = copyFixture(dir);
  });

  after(async () => {
    await browser?.close();
    dir?.remove();
  });

  it('render every view, the run detail included, without one refused style and with their spacing intact', async () => {
    const server = await serve(dbPath, { now: FIXTURE_NOW });
    const site = await strictPage(server);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const watch = watchConsole(page);
    try {
      await page.goto(`${site.url}?script=${encodeURIComponent(SLOWING_SCRIPT)}`);
      await page.locator('runner-metrics-chart[type="trend"][state="ready"]').waitFor();
      await page.locator('runner-executions-table[state="ready"]').waitFor();
      await page.locator('runner-stats-table[state="ready"]').waitFor();
      await page.locator('runner-analysis-panel[state="ready"]').waitFor();

      // What the style attributes used to say now comes from the elements' style sheets.
      assert.equal(await computed(page, 'runner-metrics-chart figure', 'margin-top'), '0px');
      assert.equal(await computed(page, 'runner-executions-table td.when', 'white-space'), 'nowrap');
      assert.equal(await computed(page, 'runner-executions-table header .caption', 'font-size'), '12.8px');
      assert.equal(await computed(page, 'runner-stats-table h2 .caption', 'font-weight'), '400');
      assert.equal(await computed(page, 'runner-analysis-panel h2 .caption', 'font-weight'), '400');

      await page.locator('runner-executions-table tbody tr').first().click();
      const note = page.locator('runner-execution-detail p.note', { hasText: 'No alerts were raised for this run.' });
      await note.waitFor();
      assert.equal(await computed(page, 'runner-execution-detail p.note', 'margin-bottom'), '0px');
      assert.equal(await computed(page, 'runner-execution-detail p.note', 'font-size'), '13.6px');
      assert.deepEqual(watch.errors, []);
    } finally {
      await page.close();
      await site.close();
      await server.close();
    }
  });

  it('render the token form of a server with a token without a refused style', async () => {
    const server = await serve(dbPath, { now: FIXTURE_NOW, token: 's3cret' });
    const site = await strictPage(server);
    const page = await browser.newPage();
    const watch = watchConsole(page);
    // The dashboard's first requests are answered 401 before it asks for the token.
    watch.tolerate(/401 \(Unauthorized\)/);
    try {
      await page.goto(site.url);
      await page.locator('runner-dashboard form.token p.note').waitFor();
      assert.equal(await computed(page, 'runner-dashboard form.token p.note', 'margin-top'), '0px');
      assert.deepEqual(watch.errors, []);
    } finally {
      await page.close();
      await site.close();
      await server.close();
    }
  });
});
