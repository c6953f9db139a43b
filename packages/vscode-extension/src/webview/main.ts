/**
 * The entry of the webview bundle: the web components of `@runner-dash/webcomponents`
 * answered through the extension host (postMessage), either as the side view or as the
 * full dashboard (the page's `data-entry`). `window.litNonce` is set by the page before
 * this module runs.
 */
import { setDefaultDataSource, type RunnerDashboard } from '@runner-dash/webcomponents';
import { PostMessageDataSource } from './PostMessageDataSource.js';
import type { RunnerVscodeView } from './runner-vscode-view.js';
import './runner-vscode-view.js';
import type { ViewAction, ViewContext } from '../protocol.js';

/** The API VS Code gives a webview page (once). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What the page keeps across being hidden and shown again. */
interface SavedState {
  context?: ViewContext;
}

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as SavedState;
let view: RunnerVscodeView | undefined;

const source = new PostMessageDataSource({
  post: (message) => vscode.postMessage(message),
  onContext: ({ context }) => {
    if (view) view.context = context;
    vscode.setState({ ...saved, context } satisfies SavedState);
  },
});
addEventListener('message', (event: MessageEvent) => source.receive(event.data));
setDefaultDataSource(source);

if (document.body.dataset.entry === 'dashboard') {
  const dashboard = document.createElement('runner-dashboard') as RunnerDashboard;
  dashboard.noUrlState = true;
  dashboard.dataSource = source;
  document.body.append(dashboard);
} else {
  view = document.createElement('runner-vscode-view');
  view.dataSource = source;
  // Shown again after being hidden: the last context at once, the host's answer soon after.
  view.context = saved.context;
  view.addEventListener('runner-action', (event) => {
    const action = (event as CustomEvent<{ action: ViewAction }>).detail.action;
    vscode.postMessage({ type: 'action', action });
  });
  document.body.append(view);
}
vscode.postMessage({ type: 'ready' });
