import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

/** A raw GET, so that `..` and odd escapes reach the server exactly as written. */
function rawGet(server: FixtureServer, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('page and static files', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.stopUnchanged());

  it('serves an HTML page at / with relative links to the API', async () => {
    const res = await server.get('');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const html = await res.text();
    assert.match(html, /api\/health|api\/scripts/);
    assert.doesNotMatch(html, /(href|src)="\//);
  });

  it('answers 404 to every traversal attempt', async () => {
    for (const path of [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/%2e%2e%2fpackage.json',
      '/..%5cpackage.json',
      '/%252e%252e/package.json',
      '/....//package.json',
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/%c0%ae%c0%ae/package.json',
      '/%00',
      '/.git/config',
      '/%E0%A4%A',
      '/public/../../../etc/passwd',
      '/..;/package.json',
    ]) {
      assert.equal(await rawGet(server, path), 404, path);
    }
  });

  it('serves the web components bundle byte for byte at assets/runner-dash.js (404 {detail} until it is built)', async () => {
    const bundle = fileURLToPath(new URL('../../../webcomponents/dist/runner-dash.js', import.meta.url));
    const res = await server.get('assets/runner-dash.js');
    if (existsSync(bundle)) {
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /javascript/);
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(readFileSync(bundle)));
    } else {
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { detail: string }).detail, /not built yet/);
    }
    assert.equal((await server.get('assets/other.js')).status, 404);
  });
});
