import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LiveMessage } from '@runner-dash/core';
import WebSocket from 'ws';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';
import { recordSlowerRuns } from '../recordSlowerRuns.js';

const RECORDER = fileURLToPath(new URL('../../../core/bin/runner-dash.js', import.meta.url));

/** A connected client that keeps every message it receives. */
async function connect(
  url: string,
  options?: WebSocket.ClientOptions,
): Promise<{ ws: WebSocket; messages: LiveMessage[] }> {
  const ws = new WebSocket(url, options);
  const messages: LiveMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as LiveMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages };
}

/** Resolves with the first message (already received or still to come) that matches. */
async function waitFor<T extends LiveMessage>(
  client: { ws: WebSocket; messages: LiveMessage[] },
  match: (m: LiveMessage) => m is T,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = client.messages.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const wsUrl = (server: FixtureServer, query = ''): string => `${server.url.replace(/^http/, 'ws')}ws/metrics${query}`;
const closed = (ws: WebSocket): Promise<number> => new Promise((resolve) => ws.once('close', (code) => resolve(code)));

describe('the live feed /ws/metrics', () => {
  describe('over an unchanged fixture', () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer({ snapshotIntervalMs: 150 });
    });
    after(() => server.stopUnchanged());

    it('sends a snapshot on connect, then again every interval', async () => {
      const client = await connect(wsUrl(server));
      const first = await waitFor(client, (m) => m.type === 'snapshot');
      assert.equal(first.total_executions, 40);
      assert.equal(first.total_metrics, 1268);
      assert.equal(first.unique_scripts, 5);
      assert.equal(first.database_file, server.dbPath);
      assert.deepEqual([first.execution_statistics.successful, first.execution_statistics.failed], [34, 6]);
      assert.equal(first.performance_metrics.count, 40);
      assert.match(first.cached_at, /^\d{4}-\d\d-\d\dT/);
      await new Promise((r) => setTimeout(r, 400));
      assert.ok(client.messages.filter((m) => m.type === 'snapshot').length >= 2, 'periodic snapshots');
      const health = (await (await server.get('api/health')).json()) as { websocket_clients: number };
      assert.equal(health.websocket_clients, 1);
      client.ws.close();
      await closed(client.ws);
    });

    it('answers {type: "ping"} with a pong and ignores malformed messages without closing', async () => {
      const client = await connect(wsUrl(server));
      for (const junk of ['not json', '{"type":"shutdown"}', '[1,2,3]', 'null', '{"type":', '{}', '"ping"'])
        client.ws.send(junk);
      client.ws.send(Buffer.from([0xff, 0x00, 0x13]), { binary: true });
      client.ws.send(JSON.stringify({ type: 'ping' }));
      const pong = await waitFor(client, (m) => m.type === 'pong');
      assert.match(pong.timestamp, /^\d{4}-\d\d-\d\dT/);
      assert.equal(client.ws.readyState, WebSocket.OPEN);
      assert.equal(client.messages.filter((m) => m.type === 'pong').length, 1, 'only the ping is answered');
      client.ws.close();
      await closed(client.ws);
    });

    it('closes the connection (1009) on an oversized inbound message', async () => {
      const client = await connect(wsUrl(server));
      const code = closed(client.ws);
      client.ws.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(64 * 1024) }));
      assert.equal(await code, 1009);
    });

    it('answers 404 to an upgrade on another path', async () => {
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}ws/other`);
      const status = await new Promise<number>((resolve) =>
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
      );
      assert.equal(status, 404);
    });
  });

  describe('with a token', () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer({ token: 'ws-token-1' });
    });
    after(async () => {
      await server.stop();
    });

    it('refuses the upgrade without the token (401) and accepts ?token= or a Bearer header', async () => {
      const ws = new WebSocket(wsUrl(server));
      const status = await new Promise<number>((resolve) =>
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
      );
      assert.equal(status, 401);
      const wrong = new WebSocket(wsUrl(server, '?token=nope'));
      assert.equal(
        await new Promise<number>((resolve) =>
          wrong.once('unexpected-response', (_q, r) => resolve(r.statusCode ?? 0)),
        ),
        401,
      );
      for (const client of [
        await connect(wsUrl(server, '?token=ws-token-1')),
        await connect(wsUrl(server), { headers: { Authorization: 'Bearer ws-token-1' } }),
      ]) {
        assert.equal((await waitFor(client, (m) => m.type === 'snapshot')).total_executions, 40);
        client.ws.close();
        await closed(client.ws);
      }
    });
  });

  describe('when another process records a run', () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer();
    });
    after(async () => {
      await server.stop();
    });

    it('delivers an executions message to every client within 1 s of the run being committed', async () => {
      const clients = [await connect(wsUrl(server)), await connect(wsUrl(server)), await connect(wsUrl(server))];
      for (const client of clients) await waitFor(client, (m) => m.type === 'snapshot');
      // Answered (and kept by the response cache) before the run, to prove the commit invalidates it.
      assert.equal((await server.get('api/executions?limit=1')).headers.get('x-total-count'), '40');
      writeFileSync(join(server.dir, 'probe.py'), 'print("hello from the probe")\n');
      const child = spawn(process.execPath, [RECORDER, 'run', '--db', server.dbPath, '--', 'probe.py'], {
        cwd: server.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      const exitedAt = Date.now();
      assert.equal(exitCode, 0, output);
      for (const client of clients) {
        const message = await waitFor(client, (m) => m.type === 'executions', 1000);
        assert.ok(Date.now() - exitedAt <= 1000, 'within 1 s');
        assert.equal(message.executions.length, 1);
        const run = message.executions[0]!;
        assert.equal(run.id, 41);
        assert.equal(run.script_path, 'probe.py');
        assert.deepEqual([run.exit_code, run.success], [0, true]);
      }
      const page = await server.get('api/executions?limit=1');
      assert.equal(page.headers.get('x-total-count'), '41');
      for (const client of clients) client.ws.close();
    });

    it('closes clients with 1001 (going away) when the server stops', async () => {
      const client = await connect(wsUrl(server));
      const code = closed(client.ws);
      await server.close();
      assert.equal(await code, 1001);
    });
  });

  describe('when new runs confirm a change', () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer();
    });
    after(async () => {
      await server.stop();
    });

    it('announces the change once, as a regression message naming the run where it starts', async () => {
      const client = await connect(wsUrl(server));
      await waitFor(client, (m) => m.type === 'snapshot');
      const ids = await recordSlowerRuns(server.dbPath);
      const message = await waitFor(client, (m) => m.type === 'regression', 3000);
      assert.equal(message.script_path, 'jobs/fast_ok.py');
      assert.equal(message.metric_name, 'execution_time_seconds');
      assert.equal(message.change_point.execution_id, ids[0]);
      assert.equal(message.change_point.start_time, '2026-11-28T01:40:00.000000');
      assert.ok(message.change_point.change_percent > 300);
      assert.equal(message.change_point.direction, 'regression');
      assert.equal(message.change_point.confidence, 'confirmed');
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(client.messages.filter((m) => m.type === 'regression').length, 1, 'announced once');
      const executions = client.messages.flatMap((m) => (m.type === 'executions' ? m.executions.map((e) => e.id) : []));
      assert.deepEqual(executions, ids, 'every new run arrived, oldest first');
      client.ws.close();
    });
  });
});
