import { basename, isAbsolute, resolve } from 'node:path';
import type { HistoryStore, ScriptSummary } from '@runner-dash/core';
import * as vscode from 'vscode';
import { HistoryConnection, type ConnectionListener } from './host/HistoryConnection.js';
import { matchScriptPath, workspaceRelativePath } from './host/matchScriptPath.js';
import { WebviewBridge, type BridgeHooks, type HistorySource } from './host/WebviewBridge.js';
import type { DatabaseState, ViewAction, ViewContext } from './protocol.js';

/** The extension's settings, resolved. */
export interface Settings {
  /** Absolute path of the history database. */
  database: string;
  pythonCommand: string;
  days: number;
}

const DEFAULT_DATABASE = 'script_runner_history.db';

/** Reads the `runnerDash.*` settings; a relative database path is taken from the first workspace folder. */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('runnerDash');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const configured = config.get<string>('database', DEFAULT_DATABASE).trim() || DEFAULT_DATABASE;
  const database = isAbsolute(configured) ? configured : resolve(folder ?? process.cwd(), configured);
  const days = config.get<number>('days', 30);
  return {
    database,
    pythonCommand: config.get<string>('pythonCommand', 'python3').trim() || 'python3',
    days: Number.isInteger(days) && days >= 1 && days <= 365 ? days : 30,
  };
}

/** Handlers of the view's buttons and of the dashboard's CSV export. */
export interface Actions {
  run(action: ViewAction): void;
  saveCsv: BridgeHooks['saveCsv'];
}

/**
 * The extension's state: the history connection (opened again when the setting changes),
 * the file in the active editor and the recorded script path that names it, whether a run
 * is in progress. Views and the status bar listen to {@link onDidChange}.
 */
export class RunnerDash implements vscode.Disposable, HistorySource {
  private settingsNow = readSettings();
  private connectionNow: HistoryConnection;
  private stopListening: () => void = () => undefined;
  private scripts: ScriptSummary[] = [];
  private fileUri: vscode.Uri | undefined;
  private runningFiles = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly newRuns = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private refreshSeq = 0;
  private readonly listeners = new Set<ConnectionListener>();

  /** The context changed (file, script, database state, settings, running). */
  readonly onDidChange = this.changed.event;
  /** Runs were committed to the database. */
  readonly onDidRecord = this.newRuns.event;

  constructor(
    readonly output: vscode.OutputChannel,
    private readonly actions: () => Actions,
  ) {
    this.connectionNow = this.connect();
    this.trackEditor(vscode.window.activeTextEditor);
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.trackEditor(editor)) this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('runnerDash')) return;
        const before = this.settingsNow;
        this.settingsNow = readSettings();
        if (before.database !== this.settingsNow.database) {
          void this.connectionNow.dispose();
          this.connectionNow = this.connect();
        }
        this.changed.fire();
      }),
      this.changed,
      this.newRuns,
    );
  }

  get settings(): Settings {
    return this.settingsNow;
  }

  get connection(): HistoryConnection {
    return this.connectionNow;
  }

  /** The file the view is about: the active editor's, or the last one when focus moved to a panel. */
  get file(): vscode.Uri | undefined {
    return this.fileUri;
  }

  /** What the views show now. */
  context(): ViewContext {
    const settings = this.settingsNow;
    const context: ViewContext = {
      database: this.connectionNow.state,
      alsoRecordedAs: [],
      days: settings.days,
      running: this.fileUri ? this.runningFiles.has(this.fileUri.fsPath) : false,
    };
    const uri = this.fileUri;
    if (!uri) return context;
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    context.file = {
      name: basename(uri.fsPath),
      relativePath: workspaceRelativePath(uri.fsPath, folders)?.relativePath ?? uri.fsPath,
    };
    const matches = matchScriptPath(
      this.scripts.map((s) => s.path),
      { file: uri.fsPath, workspaceFolders: folders },
    );
    if (matches.length > 0) {
      context.script = matches[0]!.scriptPath;
      context.alsoRecordedAs = matches.slice(1).map((m) => m.scriptPath);
    }
    return context;
  }

  /** Connects a webview to the history; dispose the bridge with the webview. */
  bridge(webview: vscode.Webview): WebviewBridge {
    return new WebviewBridge(webview, this, {
      context: () => this.context(),
      action: (action) => this.actions().run(action),
      saveCsv: (filters) => this.actions().saveCsv(filters),
      log: (message) => this.output.appendLine(message),
    });
  }

  // HistorySource of the bridges: they outlive a switch of database, so they talk to
  // whichever connection is current.
  get state(): DatabaseState {
    return this.connectionNow.state;
  }
  use<T>(query: (store: HistoryStore) => Promise<T>): Promise<T> {
    return this.connectionNow.use(query);
  }
  listen(listener: ConnectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Marks a file as being run (or done), for the view's "running" state. */
  setRunning(file: string, running: boolean): void {
    if (running) this.runningFiles.add(file);
    else this.runningFiles.delete(file);
    this.changed.fire();
  }

  /** Looks at the database now, rather than waiting for the watcher. */
  refresh(): Promise<void> {
    return this.connectionNow.refresh();
  }

  dispose(): void {
    this.stopListening();
    this.listeners.clear();
    void this.connectionNow.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private connect(): HistoryConnection {
    const connection = new HistoryConnection(this.settingsNow.database);
    this.stopListening();
    this.stopListening = connection.listen({
      state: (state) => {
        for (const l of [...this.listeners]) l.state?.(state);
        void this.reloadScripts();
      },
      changed: (executions) => {
        for (const l of [...this.listeners]) l.changed?.(executions);
        this.newRuns.fire();
        void this.reloadScripts();
      },
    });
    void connection.start().then(() => this.reloadScripts());
    return connection;
  }

  /** The recorded script paths, newest run first, to match editors against. */
  private async reloadScripts(): Promise<void> {
    const seq = ++this.refreshSeq;
    const connection = this.connectionNow;
    const scripts = connection.state.ok ? await connection.use((s) => s.listScripts()).catch(() => []) : [];
    if (seq !== this.refreshSeq) return;
    this.scripts = scripts;
    this.changed.fire();
  }

  /** Follows editors showing files; keeps the last file when focus moves to a panel. Returns whether it changed. */
  private trackEditor(editor: vscode.TextEditor | undefined): boolean {
    const uri = editor?.document.uri;
    if (!uri || uri.scheme !== 'file') return false;
    if (this.fileUri?.toString() === uri.toString()) return false;
    this.fileUri = uri;
    return true;
  }
}
