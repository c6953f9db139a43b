import { randomBytes } from 'node:crypto';

/** Which page a webview shows: the side view or the full dashboard in an editor panel. */
export type WebviewEntry = 'view' | 'dashboard';

/** What {@link webviewHtml} needs from VS Code, as strings (so it is tested without it). */
export interface WebviewHtmlOptions {
  entry: WebviewEntry;
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri` of the webview bundle. */
  scriptUri: string;
  title: string;
  /** A fresh one per page load; default: 128 random bits. */
  nonce?: string;
}

/** A CSP nonce: 128 random bits, base64. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The webview's page under a strict Content Security Policy: nothing by default, the
 * bundle and the one inline script and style only with this load's nonce. Lit reads
 * `window.litNonce` for the styles it falls back to adding as `<style>` elements.
 * Colours come from VS Code's `--vscode-*` variables; the few the elements cannot derive
 * from them (grid lines, the band) follow the body's theme class.
 */
export function webviewHtml(options: WebviewHtmlOptions): string {
  const nonce = options.nonce ?? makeNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${options.cspSource} data:`,
    `font-src ${options.cspSource}`,
    `style-src ${options.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style nonce="${escapeHtml(nonce)}">
  body { margin: 0; padding: 0 ${options.entry === 'view' ? '12px 12px' : '16px 24px'}; background: var(--vscode-sideBar-background, var(--vscode-editor-background)); }
  body.vscode-light { --rd-grid: rgba(0, 0, 0, 0.08); --rd-chart-band: rgba(0, 95, 184, 0.10); }
  body.vscode-dark { --rd-grid: rgba(255, 255, 255, 0.09); --rd-chart-band: rgba(55, 148, 255, 0.16); color-scheme: dark; }
  body.vscode-high-contrast, body.vscode-high-contrast-light { --rd-grid: var(--vscode-contrastBorder, rgba(127, 127, 127, 0.5)); --rd-chart-band: transparent; }
  ${options.entry === 'dashboard' ? 'body { background: var(--vscode-editor-background); }' : ''}
</style>
</head>
<body data-entry="${options.entry}">
<script nonce="${escapeHtml(nonce)}">window.litNonce = ${JSON.stringify(nonce)};</script>
<script type="module" nonce="${escapeHtml(nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}
