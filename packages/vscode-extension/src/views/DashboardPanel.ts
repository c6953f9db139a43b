import * as vscode from 'vscode';
import type { RunnerDash } from '../RunnerDash.js';
import { webviewHtml } from './webviewHtml.js';

const PANEL_TYPE = 'runnerDash.dashboard';

/**
 * The full `<runner-dashboard>` in an editor panel, over the same history and the same
 * postMessage data source as the side view. One panel: opening it again reveals it.
 */
export class DashboardPanel {
  private static current: DashboardPanel | undefined;

  static show(extensionUri: vscode.Uri, dash: RunnerDash): void {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'Runner Dash', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
      // The dashboard holds charts and filters worth keeping while another tab is in front.
      retainContextWhenHidden: true,
    });
    DashboardPanel.current = new DashboardPanel(panel, extensionUri, dash);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    dash: RunnerDash,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    const bridge = dash.bridge(panel.webview);
    panel.webview.html = webviewHtml({
      entry: 'dashboard',
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      title: 'Runner Dash',
    });
    panel.onDidDispose(() => {
      bridge.dispose();
      DashboardPanel.current = undefined;
    });
  }
}
