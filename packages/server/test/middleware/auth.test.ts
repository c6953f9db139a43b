import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

const TOKEN = 's3cret-token_42';
const API = [
  'api/scripts',
  'api/executions',
  'api/executions/failed',
  'api/execution/1',
  'api/metrics/latest',
  'api/metrics/history',
  'api/metrics/aggregated',
  'api/metrics/available',
  'api/analysis/trend?script_path=jobs/fast_ok.py',
  'api/analysis/baseline?script_path=jobs/fast_ok.py',
  'api/analysis/regressions',
  'api/stats/database',
  'api/stats/execution',
  'api/stats/performance',
  'api/export/csv',
  'api/openapi.json',
];

describe('token mode', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer({ token: TOKEN });
  });
  after(() => server.stopUnchanged());

  it('answers 401 {detail} on every API route without the token or with a wrong one', async () => {
    for (const path of API) {
      for (const headers of <Array<Record<string, string>>>[
        {},
        { Authorization: 'Bearer wrong' },
        { Authorization: `Basic ${TOKEN}` },
        { Authorization: `Bearer ${TOKEN}x` },
      ]) {
        const res = await server.get(path, { headers });
        assert.equal(res.status, 401, `${path} ${JSON.stringify(headers)}`);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
        assert.match(((await res.json()) as { detail: string }).detail, /token/);
      }
    }
  });

  it('does not accept ?token= on REST calls (only the WebSocket and the page take it)', async () => {
    assert.equal((await server.get(`api/scripts?token=${encodeURIComponent(TOKEN)}`)).status, 401);
  });

  it('answers every API route with Authorization: Bearer TOKEN', async () => {
    for (const path of API) {
      const res = await server.get(path, { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.status, 200, path);
      await res.arrayBuffer();
    }
  });

  it('keeps /api/health open but minimal without the token', async () => {
    const anonymous = (await (await server.get('api/health')).json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(anonymous).sort(), ['status', 'timestamp']);
    assert.equal(anonymous.status, 'ok');
    const full = (await (
      await server.get('api/health', { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).json()) as Record<string, unknown>;
    assert.deepEqual(full.database, { path: server.dbPath, ok: true });
  });

  it('serves the page without the token (the page asks for it)', async () => {
    const res = await server.get(`?token=${encodeURIComponent(TOKEN)}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.equal((await server.get('')).status, 200);
  });
});
