import * as vscode from 'vscode';
import { exportCsv, exportCsvCommand } from './commands/exportCsv.js';
import { runCurrentScript } from './commands/runCurrentScript.js';
import { selectDatabase } from './commands/selectDatabase.js';
import type { ViewAction } from './protocol.js';
import { RunnerDash } from './RunnerDash.js';
import { DashboardPanel } from './views/DashboardPanel.js';
import { ScriptStatusItem } from './views/ScriptStatusItem.js';
import { SCRIPT_VIEW_ID, ScriptViewProvider } from './views/ScriptViewProvider.js';

/** Sets up the view, the status bar item and the commands (package.json declares their ids). */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Runner Dash');
  const commands: Record<ViewAction, string> = {
    runScript: 'runnerDash.runCurrentScript',
    selectDatabase: 'runnerDash.selectDatabase',
    openDashboard: 'runnerDash.openDashboard',
    exportCsv: 'runnerDash.exportCsv',
  };
  const dash: RunnerDash = new RunnerDash(output, () => ({
    run: (action) => void vscode.commands.executeCommand(commands[action]),
    saveCsv: (filters) => exportCsv(dash, filters),
  }));
  const view = new ScriptViewProvider(context.extensionUri, dash);
  context.subscriptions.push(
    output,
    dash,
    view,
    vscode.window.registerWebviewViewProvider(SCRIPT_VIEW_ID, view),
    new ScriptStatusItem(dash),
    vscode.commands.registerCommand(commands.runScript, () => runCurrentScript(dash)),
    vscode.commands.registerCommand(commands.openDashboard, () => DashboardPanel.show(context.extensionUri, dash)),
    vscode.commands.registerCommand(commands.selectDatabase, () => selectDatabase(dash)),
    vscode.commands.registerCommand(commands.exportCsv, () => exportCsvCommand(dash)),
  );
  output.appendLine(`Runner Dash: history ${dash.settings.database}`);
}

/** Everything is disposed through the context's subscriptions. */
export function deactivate(): void {}
