import { relative, isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { RunnerDash } from '../RunnerDash.js';

/**
 * "Runner Dash: Select History Database": picks a SQLite file and stores it in the
 * `runnerDash.database` setting of the workspace (relative to its first folder when it
 * lies inside, so the setting travels with the repository).
 */
export async function selectDatabase(dash: RunnerDash): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const picked = await vscode.window.showOpenDialog({
    title: 'Choose a script-run history database',
    openLabel: 'Use this history',
    canSelectMany: false,
    defaultUri: vscode.Uri.file(dash.settings.database),
    filters: { 'SQLite history': ['db', 'sqlite', 'sqlite3'], 'All files': ['*'] },
  });
  const file = picked?.[0];
  if (!file) return;
  let value = file.fsPath;
  if (folder) {
    const inside = relative(folder.uri.fsPath, file.fsPath);
    if (inside && !inside.startsWith('..') && !isAbsolute(inside)) value = inside.split('\\').join('/');
  }
  const target = folder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('runnerDash').update('database', value, target);
}
