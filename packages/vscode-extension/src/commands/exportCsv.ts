import { basename, dirname } from 'node:path';
import type { Filters } from '@runner-dash/webcomponents';
import * as vscode from 'vscode';
import { RequestError } from '../host/answerRequest.js';
import { writeCsvFile } from '../host/writeCsvFile.js';
import type { SavedExport } from '../protocol.js';
import type { RunnerDash } from '../RunnerDash.js';

/**
 * "Runner Dash: Export CSV": asks where to save, then writes core's CSV export of the runs
 * (one script's when `filters.script` is set, with one column per metric). Also answers
 * the dashboard's Export button, since a webview cannot download files.
 *
 * @throws RequestError (status 499) when the person cancels the dialog.
 */
export async function exportCsv(dash: RunnerDash, filters: Filters = {}): Promise<SavedExport> {
  const script = filters.script || undefined;
  const stem = script ? basename(script).replace(/\.[^.]+$/, '') : 'all-scripts';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(dirname(dash.settings.database));
  const target = await vscode.window.showSaveDialog({
    title: `Export ${script ?? 'every script'}'s runs as CSV`,
    defaultUri: vscode.Uri.joinPath(folder, `runner-dash-${stem}.csv`),
    filters: { 'CSV files': ['csv'] },
  });
  if (!target) throw new RequestError('Export cancelled.', 499);
  const bytes = await dash.use((store) =>
    writeCsvFile(store, { scriptPath: script, metricName: filters.metric, days: filters.days }, target.fsPath),
  );
  const saved = { filename: basename(target.fsPath), path: target.fsPath, bytes };
  void vscode.window.showInformationMessage(`Runner Dash: exported to ${saved.path}.`, 'Open').then((choice) => {
    if (choice === 'Open') void vscode.window.showTextDocument(target);
  });
  return saved;
}

/** The palette command: the active script's runs (or all), reporting failures as messages. */
export async function exportCsvCommand(dash: RunnerDash): Promise<void> {
  try {
    await exportCsv(dash, { script: dash.context().script });
  } catch (err) {
    if (err instanceof RequestError && err.status === 499) return;
    void vscode.window.showErrorMessage(
      `Runner Dash: export failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
