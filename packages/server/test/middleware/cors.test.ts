import assert from 'node:assert/strict';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

describe('CORS', () => {
  describe('by default', () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer();
    });
    after(() => server.stopUnchanged());

    it('allows any origin without credentials and exposes X-Total-Count', async () => {
      const res = await server.get('api/executions?limit=1', { headers: { Origin: 'https://elsewhere.example' } });
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.equal(res.headers.get('access-control-allow-credentials'), null);
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /X-Total-Count/);
    });

    it('answers a preflight with 204 and the allowed methods and headers', async () => {
      const res = await server.get('api/scripts', {
        method: 'OPTIONS',
        headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'GET' },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    });
  });

  describe('restricted to configured origins', () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer({ corsOrigins: ['https://ok.example', 'http://localhost:5173'] });
    });
    after(async () => {
      await server.stop();
    });

    it('echoes an allowed origin and varies on Origin', async () => {
      const res = await server.get('api/scripts', { headers: { Origin: 'http://localhost:5173' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:5173');
      assert.match(res.headers.get('vary') ?? '', /Origin/);
    });

    it('gives no CORS header to other origins (the browser then blocks the read)', async () => {
      const res = await server.get('api/scripts', { headers: { Origin: 'https://evil.example' } });
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      const preflight = await server.get('api/scripts', {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    });
  });
});
