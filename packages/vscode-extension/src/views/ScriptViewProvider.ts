import * as vscode from 'vscode';
import type { RunnerDash } from '../RunnerDash.js';
import { webviewHtml } from './webviewHtml.js';

/** The id of the side view (package.json `contributes.views`). */
export const SCRIPT_VIEW_ID = 'runnerDash.scriptView';

/**
 * The "Runner Dash" side view: the history of the script in the active editor. The page
 * keeps its own state (`vscode.setState`) so it comes back as it was when the view is
 * hidden and shown again; the host sends the context whenever it changes.
 */
export class ScriptViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly views = new Set<vscode.WebviewView>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly dash: RunnerDash,
  ) {
    this.subscription = dash.onDidChange(() => this.sendContext());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    const webview = view.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
    const bridge = this.dash.bridge(webview);
    webview.html = webviewHtml({
      entry: 'view',
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      title: 'Runner Dash',
    });
    this.views.add(view);
    const visibility = view.onDidChangeVisibility(() => {
      if (view.visible) bridge.sendContext();
    });
    view.onDidDispose(() => {
      this.views.delete(view);
      visibility.dispose();
      bridge.dispose();
      this.bridges.delete(view);
    });
    this.bridges.set(view, bridge);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private readonly bridges = new Map<vscode.WebviewView, ReturnType<RunnerDash['bridge']>>();

  private sendContext(): void {
    for (const [view, bridge] of this.bridges) if (view.visible) bridge.sendContext();
  }
}
