import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startFixtureServer, sha256, type FixtureServer } from './fixtureServer.js';

/** What design.md §3 lets the server answer; 500 is never among them. */
const ALLOWED = new Set([200, 400, 401, 404, 413, 414, 431, 503]);

const ROUTES = [
  'api/health',
  'api/scripts',
  'api/executions',
  'api/executions/failed',
  'api/execution/1',
  'api/metrics/latest',
  'api/metrics/history',
  'api/metrics/aggregated',
  'api/metrics/available',
  'api/analysis/trend',
  'api/analysis/baseline',
  'api/analysis/regressions',
  'api/stats/database',
  'api/stats/execution',
  'api/stats/performance',
  'api/export/csv',
];
const PARAMS = ['limit', 'offset', 'days', 'exit_code', 'script_path', 'metric_name', 'method', 'percentile'];
const BAD_VALUES = [
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  '1.5',
  ' 7 ',
  '',
  "'; DROP TABLE executions; --",
  '1 OR 1=1',
  '%00',
  '%E2%9C%93%F0%9F%92%A5',
  '%FF%FE',
  '%',
  '../../etc/passwd',
  'a'.repeat(5000),
  '[object Object]',
];

/** A raw request: the path goes out exactly as written (no normalisation of `..`). */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Bytes on a socket, for requests no HTTP client would send; resolves with the status line's code. */
function sendRaw(port: number, bytes: Buffer | string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on('error', reject);
    socket.end(bytes);
  });
}

describe('bad input', () => {
  let server: FixtureServer;
  let base: string;
  before(async () => {
    server = await startFixtureServer();
    base = new URL(server.url).pathname;
  });
  after(async () => {
    await server.stop();
  });

  it('answers hundreds of malformed requests only with allowed statuses, never 500, and stays alive', async () => {
    const cases: Array<[string, string, Record<string, string>?]> = [];
    // Every route × every parameter × every bad value is far too many; walk them diagonally.
    let i = 0;
    for (const route of ROUTES)
      for (const param of PARAMS)
        cases.push(['GET', `${base}${route}?${param}=${BAD_VALUES[i++ % BAD_VALUES.length]}`]);
    for (const value of BAD_VALUES) {
      cases.push(['GET', `${base}api/execution/${value}`]);
      cases.push(['GET', `${base}api/executions?limit=${value}&limit=${value}`]);
      cases.push(['GET', `${base}api/metrics/history?days=1&days=2&metric_name=${value}`]);
    }
    for (const traversal of ['../', '..%2f', '%2e%2e/', '%2e%2e%2f', '..%5c', '%252e%252e/', '..;/', '%c0%ae%c0%ae/'])
      cases.push(
        ['GET', `${base}${traversal}${traversal}etc/passwd`],
        ['GET', `${base}assets/${traversal}package.json`],
      );
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'OPTIONS'])
      cases.push([method, `${base}api/executions`], [method, `${base}api/execution/1`]);
    cases.push(['GET', `${base}api/executions?${'x=1&'.repeat(3000)}`]);
    cases.push(['GET', `${base}api/${'a/'.repeat(6000)}`]);
    cases.push(['GET', `${base}api/scripts`, { Authorization: 'Bearer ' + 'x'.repeat(1000) }]);
    cases.push(['GET', `${base}api/scripts`, { 'If-None-Match': '*'.repeat(500) }]);
    cases.push(['GET', `${base}api/scripts`, { 'Accept-Encoding': 'br;q=NaN, gzip;q=-1, *;q=2' }]);
    cases.push(['GET', `${base}api/scripts`, { Origin: 'null' }]);

    const seen = new Map<number, number>();
    for (const [method, path, headers] of cases) {
      // Only the space must be escaped to be a valid request line; everything else goes out raw.
      const status = await send(server.port, method, path.replaceAll(' ', '%20'), headers);
      seen.set(status, (seen.get(status) ?? 0) + 1);
      assert.ok(ALLOWED.has(status), `${method} ${path.slice(0, 120)} answered ${status}`);
    }
    const raw = [
      `GET ${base}api/scripts?script_path=${'é✓💥'} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `GET ${base}api/${'x'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `GET ${base}api/scripts HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(70_000)}\r\nConnection: close\r\n\r\n`,
      `GET /\x00/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      `NONSENSE\r\n\r\n`,
    ];
    for (const bytes of raw) {
      const status = await sendRaw(server.port, Buffer.from(bytes, 'utf8'));
      seen.set(status, (seen.get(status) ?? 0) + 1);
      assert.ok(ALLOWED.has(status), `raw request answered ${status}: ${bytes.slice(0, 60)}`);
    }
    const total = [...seen.values()].reduce((a, b) => a + b, 0);
    assert.ok(total >= 200, `only ${total} requests`);
    assert.ok((seen.get(400) ?? 0) >= 50, 'most malformed parameters are refused with 400');
    assert.ok(!seen.has(500));

    const health = await server.get('api/health');
    assert.equal(health.status, 200, 'the server is alive afterwards');
    assert.equal(((await (await server.get('api/executions?limit=1')).json()) as unknown[]).length, 1);
    assert.equal(sha256(server.dbPath), server.hashBefore, 'the database file must be byte-identical');
  });
});
