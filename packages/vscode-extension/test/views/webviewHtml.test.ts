import { strict as assert } from 'node:assert';
import { makeNonce, webviewHtml } from '../../src/views/webviewHtml.js';

describe('webviewHtml', () => {
  const html = webviewHtml({
    entry: 'view',
    cspSource: 'https://abc.vscode-cdn.net',
    scriptUri: 'https://abc.vscode-cdn.net/ext/dist/webview.js',
    title: 'Runner Dash',
    nonce: 'n0nce==',
  });

  it('sets a strict CSP: nothing by default, scripts and styles only with the nonce', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.equal(
      csp,
      "default-src 'none'; img-src https://abc.vscode-cdn.net data:; font-src https://abc.vscode-cdn.net; style-src https://abc.vscode-cdn.net 'nonce-n0nce=='; script-src 'nonce-n0nce=='",
    );
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('gives every script and style the nonce and hands it to Lit as window.litNonce', () => {
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 2);
    for (const tag of [...scripts, ...(html.match(/<style[^>]*>/g) ?? [])]) assert.match(tag, /nonce="n0nce=="/);
    assert.match(html, /window\.litNonce = "n0nce==";/);
    assert.match(
      html,
      /<script type="module" nonce="n0nce==" src="https:\/\/abc\.vscode-cdn\.net\/ext\/dist\/webview\.js">/,
    );
    assert.match(html, /<body data-entry="view">/);
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = makeNonce();
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.notEqual(a, makeNonce());
  });
});
