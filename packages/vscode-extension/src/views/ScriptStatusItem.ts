import { aggregateMetrics } from '@runner-dash/core';
import * as vscode from 'vscode';
import { statusText } from '../host/statusText.js';
import type { RunnerDash } from '../RunnerDash.js';
import { SCRIPT_VIEW_ID } from './ScriptViewProvider.js';

const PRIMARY_METRIC = 'execution_time_seconds';

/**
 * The status bar item of the active script: its last result and median duration
 * (`✓ 1.24 s p50`), red when the last run failed; a click opens the view. Hidden for
 * files without history and when the database is unusable.
 */
export class ScriptStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('runnerDash.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];
  private seq = 0;

  constructor(private readonly dash: RunnerDash) {
    this.item.name = 'Runner Dash';
    this.item.command = `${SCRIPT_VIEW_ID}.focus`;
    this.subscriptions = [dash.onDidChange(() => void this.update()), dash.onDidRecord(() => void this.update())];
    void this.update();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }

  private async update(): Promise<void> {
    const seq = ++this.seq;
    const context = this.dash.context();
    const script = context.script;
    if (!script || !context.database.ok) {
      this.item.hide();
      return;
    }
    try {
      const days = context.days;
      const [page, stats] = await Promise.all([
        this.dash.use((store) => store.listExecutions({ scriptPath: script, limit: 1 })),
        this.dash.use((store) => aggregateMetrics(store, { scriptPath: script, metricName: PRIMARY_METRIC, days })),
      ]);
      if (seq !== this.seq) return;
      const last = page.rows[0];
      const shown = statusText({
        script,
        runs: page.total,
        days,
        p50: stats[PRIMARY_METRIC]?.median,
        last: last && {
          success: last.success,
          timedOut: last.timed_out,
          exitCode: last.exit_code,
          seconds: last.execution_time_seconds,
        },
      });
      this.item.text = shown.text;
      this.item.tooltip = shown.tooltip;
      this.item.backgroundColor = shown.failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      this.item.show();
    } catch {
      if (seq === this.seq) this.item.hide();
    }
  }
}
