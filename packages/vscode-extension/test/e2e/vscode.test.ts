import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { findCodeServer, installExtension, startCodeServer, writeUserSettings, type CodeServer } from './codeServer.js';
import { makeWorkspace, type TestWorkspace } from './workspace.js';

const CHROMIUM = '/usr/bin/chromium';
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const SCREENSHOTS = join(REPO, 'docs', 'screenshots');

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'workbench.colorTheme': 'Default Light Modern',
};

/** Skips with one line saying how to install what is missing, unless RUNNER_DASH_E2E=1. */
function requireTools(ctx: Mocha.Context): string {
  const codeServer = findCodeServer();
  const missing = [
    codeServer
      ? undefined
      : 'code-server (bash ../shared/tools/install-code-server.sh, or set RUNNER_DASH_CODE_SERVER)',
    existsSync(CHROMIUM) ? undefined : `${CHROMIUM} (apt-get install chromium)`,
  ].filter(Boolean);
  if (missing.length > 0) {
    const line = `skipping the VS Code end-to-end test: missing ${missing.join(' and ')}`;
    if (process.env.RUNNER_DASH_E2E === '1') throw new Error(`${line}; RUNNER_DASH_E2E=1 requires it`);
    console.log(line);
    ctx.skip();
  }
  return codeServer!;
}

/** The frame of the Runner Dash side view (webviews live in nested iframes). */
async function viewFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      if (
        (await frame
          .locator('runner-vscode-view')
          .count()
          .catch(() => 0)) > 0
      )
        return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error('the Runner Dash webview did not appear');
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 5, y: 5 }, force: true })
    .catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

async function openFile(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: relativePath.split('/').pop()! })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[data-resource-name="${relativePath.split('/').pop()}"]`).waitFor();
}

/** Drags the side bar's edge so the view has room (and the screenshots show it whole). */
async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const edge = box.x + box.width;
  await page.mouse.move(edge + 1, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  // Off the sash, which stays highlighted while hovered.
  await page.mouse.move(box.x + width + 300, box.y + box.height / 2);
}

async function textOf(frame: Frame, testId: string): Promise<string> {
  return (await frame.locator(`[data-testid="${testId}"]`).textContent())?.replace(/\s+/g, ' ').trim() ?? '';
}

async function waitForText(frame: Frame, testId: string, expected: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await textOf(frame, testId).catch(() => '');
    if (expected.test(last)) return last;
    await frame.page().waitForTimeout(100);
  }
  throw new Error(`[data-testid=${testId}] shows "${last}", expected ${expected}`);
}

describe('runner-dash-vscode in a real VS Code (code-server + headless Chromium)', function () {
  this.timeout(170_000);
  let codeServerBin: string;
  let dataDir: string;
  let workspace: TestWorkspace;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async function () {
    codeServerBin = requireTools(this);
    execFileSync('npm', ['run', 'package', '-w', 'runner-dash-vscode'], { cwd: REPO, stdio: 'pipe' });
    const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
    const vsix = join(PACKAGE_DIR, `runner-dash-vscode-${manifest.version}.vsix`);
    assert.ok(existsSync(vsix), `${vsix} was not built`);
    dataDir = mkdtempSync(join(tmpdir(), 'runner-dash-cs-'));
    workspace = makeWorkspace();
    writeUserSettings(dataDir, BASE_SETTINGS);
    await installExtension(codeServerBin, dataDir, vsix);
    server = await startCodeServer(codeServerBin, dataDir, workspace.folder);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace.folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    workspace?.remove();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows slow_growing.py with its 10 runs and an increasing trend, records a new run live, then flaky.py with its failures, and comes back after being hidden', async () => {
    await openFile(page, 'jobs/slow_growing.py');
    await page.locator('.activitybar [aria-label*="Runner Dash"]').first().click();
    const frame = await viewFrame(page);
    await widenSideBar(page, 560);

    assert.match(await waitForText(frame, 'run-count', /^10 runs$/), /^10 runs$/);
    assert.equal(await frame.locator('[data-testid="trend"]').getAttribute('data-trend'), 'increasing');
    assert.match(await textOf(frame, 'trend'), /increasing/);
    assert.match(await textOf(frame, 'failed-count'), /^0 failed of 10$/);
    await frame.locator('runner-metrics-chart[type="trend"][state="ready"]').waitFor();
    await frame.locator('runner-analysis-panel li[data-kind="verdict"]').first().waitFor();
    assert.match(
      (await frame.locator('runner-analysis-panel li[data-kind="verdict"]').first().textContent()) ?? '',
      /Getting slower over 10 runs/,
    );

    await frame.locator('runner-executions-table tbody tr').first().waitFor();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SCREENSHOTS, 'vscode-light.png') });

    await runCommand(page, 'Runner Dash: Run Current Script with Metrics');
    assert.match(await waitForText(frame, 'run-count', /^11 runs$/, 30_000), /^11 runs$/);
    const newest = frame.locator('runner-executions-table tbody tr').first();
    await newest.filter({ hasText: '#41' }).waitFor();
    // The run's output went to its own terminal (drawn on a canvas: only its title is text).
    await page.getByText('Runner Dash: jobs/slow_growing.py').first().waitFor();

    await openFile(page, 'jobs/flaky.py');
    assert.match(await waitForText(frame, 'run-count', /^14 runs$/), /^14 runs$/);
    assert.match(await textOf(frame, 'failed-count'), /^4 failed of 14$/);
    // One page of the 14, not the 11 rows slow_growing.py had after its live run.
    await frame.locator('runner-executions-table [data-role="count"]', { hasText: 'Showing 10 of 14 runs' }).waitFor();
    assert.equal(await frame.locator('runner-executions-table tbody tr').count(), 10);

    // Switches to workbench.preferredDarkColorTheme (Default Dark Modern) without the theme picker,
    // whose "browse more" entry would go looking for the Marketplace.
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 20_000 });
    await frame.locator('body.vscode-dark').waitFor({ timeout: 20_000 });
    await frame.locator('runner-metrics-chart[type="trend"][state="ready"]').waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(SCREENSHOTS, 'vscode-dark.png') });

    // Hidden and shown again, the view comes back on the same script.
    await page.locator('.activitybar [aria-label*="Explorer"]').first().click();
    await page.locator('.activitybar [aria-label*="Runner Dash"]').first().click();
    const again = await viewFrame(page);
    assert.match(await waitForText(again, 'run-count', /^14 runs$/), /^14 runs$/);

    // The strict CSP holds and nothing needs more: no script and no style of the page was refused.
    assert.deepEqual(
      consoleErrors.filter((e) => /script-src|style-src|Refused to (load|execute) .*script|inline style/i.test(e)),
      [],
    );
  });
});
