import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistory, type HistoryStore } from '@runner-dash/core';
import { createApp, silentLogger } from '../src/index.js';
import { copyFixture, FIXTURE_NOW, sha256 } from './fixtureServer.js';

describe('createApp on its own HTTP server', () => {
  const copy = copyFixture();
  const hash = sha256(copy.dbPath);
  const emptyPublic = mkdtempSync(join(tmpdir(), 'runner-dash-public-'));
  let store: HistoryStore;
  let server: Server;
  let base: string;
  before(async () => {
    store = await openHistory(copy.dbPath, { readonly: true });
    const app = createApp({ store, now: FIXTURE_NOW, publicDir: emptyPublic, log: silentLogger });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    assert.equal(sha256(copy.dbPath), hash);
    copy.cleanup();
    rmSync(emptyPublic, { recursive: true, force: true });
  });

  it('serves the REST API over the store it is given', async () => {
    const res = await fetch(new URL('api/executions/failed?limit=2', base));
    assert.equal(res.headers.get('x-total-count'), '6');
    assert.deepEqual(
      ((await res.json()) as Array<{ id: number }>).map((r) => r.id),
      [40, 39],
    );
  });

  it('falls back to a plain page listing the API, with relative links, when there is no dashboard page', async () => {
    const res = await fetch(base);
    assert.equal(res.status, 200);
    const html = await res.text();
    for (const route of ['api/health', 'api/scripts', 'api/executions?limit=20', 'api/export/csv', 'api/openapi.json'])
      assert.ok(html.includes(`href="${route}"`), route);
    assert.doesNotMatch(html, /(href|src)="\//);
  });

  it('answers unknown routes 404 {detail} naming the route', async () => {
    const res = await fetch(new URL('api/nothing', base));
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { detail: 'no such route: GET /api/nothing' });
  });
});
