import { dirname } from 'node:path';
import { recordRun, type RecordRunResult } from '@runner-dash/core';
import * as vscode from 'vscode';
import { workspaceRelativePath } from '../host/matchScriptPath.js';
import { formatSeconds } from '../host/statusText.js';
import { terminalText, toTerminalLines } from '../host/terminalText.js';
import type { RunnerDash } from '../RunnerDash.js';

/**
 * "Runner Dash: Run Current Script with Metrics": runs the script of the active editor
 * through core's recorder (timing, CPU and memory sampling, one history row per attempt)
 * with its output in a terminal. It runs from the workspace folder under its
 * workspace-relative path, so these runs join the series of runs recorded in a terminal
 * there (`runner-dash run jobs/etl.py`). Ctrl+C in the terminal stops the script; the
 * attempt is still recorded.
 */
export async function runCurrentScript(dash: RunnerDash): Promise<void> {
  const uri = dash.file;
  if (!uri) {
    void vscode.window.showErrorMessage('Runner Dash: open the script to run first (a saved file).');
    return;
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document?.isDirty && !(await document.save())) {
    void vscode.window.showErrorMessage(`Runner Dash: ${uri.fsPath} could not be saved, so it was not run.`);
    return;
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const inWorkspace = workspaceRelativePath(uri.fsPath, folders);
  // Outside every folder: run it where it lies, under its absolute path.
  const cwd = inWorkspace?.folder ?? dirname(uri.fsPath);
  const command = inWorkspace?.relativePath ?? uri.fsPath;
  const { database, pythonCommand } = dash.settings;

  const written = new vscode.EventEmitter<string>();
  const closed = new vscode.EventEmitter<number | void>();
  const abort = new AbortController();
  let finished = false;
  const pty: vscode.Pseudoterminal = {
    onDidWrite: written.event,
    onDidClose: closed.event,
    open: () => void start(),
    close: () => abort.abort(),
    handleInput: (data) => {
      if (data === '\x03') abort.abort();
      else if (finished) closed.fire();
    },
  };
  const terminal = vscode.window.createTerminal({
    name: `Runner Dash: ${command}`,
    pty,
    iconPath: new vscode.ThemeIcon('pulse'),
  });
  terminal.show(true);

  const say = (text: string): void => written.fire(toTerminalLines(text));
  async function start(): Promise<void> {
    say(`\x1b[2mrunner-dash: recording ${command} into ${database}\x1b[0m\n`);
    dash.setRunning(uri!.fsPath, true);
    let result: RecordRunResult | undefined;
    try {
      result = await recordRun({
        command,
        cwd,
        db: database,
        python: pythonCommand,
        stdin: 'ignore',
        stdout: terminalText((text) => written.fire(text)),
        stderr: terminalText((text) => written.fire(text)),
        signal: abort.signal,
      });
    } catch (err) {
      say(`\x1b[31mrunner-dash: ${err instanceof Error ? err.message : String(err)}\x1b[0m\n`);
      dash.output.appendLine(`Run of ${command} failed to start: ${String(err)}`);
    } finally {
      finished = true;
      dash.setRunning(uri!.fsPath, false);
      await dash.refresh();
    }
    if (result) say(summary(result));
    say('\x1b[2mPress any key to close this terminal.\x1b[0m\n');
  }
}

function summary(result: RecordRunResult): string {
  const last = result.attempts.at(-1);
  if (!last) return 'runner-dash: nothing was run.\n';
  const ids = result.attempts.map((a) => a.executionId).filter((id) => id !== undefined);
  const how = result.interrupted
    ? 'was stopped'
    : result.timedOut
      ? 'timed out'
      : last.execution.success
        ? 'succeeded'
        : `failed with exit code ${last.execution.exit_code}`;
  const colour = last.execution.success ? '32' : '31';
  const recorded = ids.length > 0 ? `recorded as run #${ids.join(', #')}` : 'not recorded (see above)';
  return `\n\x1b[${colour}mrunner-dash: ${how} in ${formatSeconds(last.execution.execution_time_seconds)}; ${recorded}.\x1b[0m\n`;
}
