import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { HistoryWriter, type LiveMessage, type NewExecution } from '@runner-dash/core';
import WebSocket from 'ws';
import type { Logger } from '../../src/index.js';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';

/** Keeps the warnings, so the test can see why a client was dropped. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (text: string) => warnings.push(text), error: () => undefined };
}

/** A WebSocket upgrade over a raw socket that, once accepted, never reads another byte. */
function nonReadingClient(server: FixtureServer): Promise<Socket> {
  const { port } = server;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        'GET /ws/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    socket.once('error', reject);
    socket.once('data', (head) => {
      assert.match(head.toString('latin1'), /^HTTP\/1\.1 101 /);
      socket.pause();
      resolve(socket);
    });
  });
}

/** Runs with long script paths, so a few thousand of them are megabytes of feed. */
function bulkyRuns(count: number): NewExecution[] {
  return Array.from({ length: count }, (_, i) => ({
    script_path: `jobs/${String(i % 7).repeat(1500)}.py`,
    start_time: `2026-11-28T01:50:00.${String(i).padStart(6, '0')}`,
    end_time: `2026-11-28T01:50:01.${String(i).padStart(6, '0')}`,
    execution_time_seconds: 1,
    exit_code: 0,
    success: true,
    metrics: { execution_time_seconds: 1 },
  }));
}

async function health(server: FixtureServer): Promise<{ status: number; clients: number }> {
  const res = await server.get('api/health');
  const body = (await res.json()) as { websocket_clients: number };
  return { status: res.status, clients: body.websocket_clients };
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('faults: misbehaving WebSocket clients', () => {
  let server: FixtureServer;
  const log = recordingLogger();
  before(async () => {
    server = await startFixtureServer({ wsMaxBufferedBytes: 64 * 1024, pollIntervalMs: 20, log });
  });
  after(async () => {
    await server.stop();
  });

  it('drops a client that never reads once it is over its buffer bound, while a reading client gets every run', async () => {
    const reader = new WebSocket(`${server.url.replace(/^http/, 'ws')}ws/metrics`);
    const ids: number[] = [];
    reader.on('message', (data) => {
      const message = JSON.parse(data.toString()) as LiveMessage;
      if (message.type === 'executions') ids.push(...message.executions.map((e) => e.id));
    });
    await new Promise((resolve, reject) => reader.once('open', resolve).once('error', reject));
    const stuck = await nonReadingClient(server);
    await until(async () => (await health(server)).clients === 2, 'both clients connected');

    const runs = 6000;
    const writer = HistoryWriter.open(server.dbPath);
    try {
      writer.recordMany(bulkyRuns(runs), { batchSize: 500 });
    } finally {
      writer.close();
    }

    await until(() => ids.length >= runs, `the reading client receiving all ${runs} runs`, 20_000);
    assert.deepEqual(
      ids,
      Array.from({ length: runs }, (_, i) => 41 + i),
      'every run once, in order',
    );
    await until(async () => (await health(server)).clients === 1, 'the stuck client being dropped');
    assert.ok(log.warnings.includes('runner-dash-server: dropped a WebSocket client that stopped reading'));
    assert.equal(reader.readyState, WebSocket.OPEN, 'the reading client is unaffected');
    stuck.destroy();
    reader.close();
  });

  it('stays up through 2,000 connection attempts in a burst and answers afterwards', async () => {
    const url = `${server.url.replace(/^http/, 'ws')}ws/metrics`;
    let opened = 0;
    let failed = 0;
    const clients = Array.from({ length: 2000 }, () => {
      const ws = new WebSocket(url);
      ws.on('open', () => opened++);
      ws.on('error', () => failed++);
      return ws;
    });
    await until(() => opened + failed === 2000, 'every attempt settling', 25_000);
    const during = await health(server);
    assert.equal(during.status, 200);
    assert.equal(during.clients, opened, 'the server counts exactly the connections it accepted');
    assert.ok(opened >= 1900, `nearly every attempt was accepted (${opened} opened, ${failed} failed)`);
    for (const ws of clients) ws.terminate();
    await until(async () => (await health(server)).clients === 0, 'the burst having gone');
    const after = await server.get('api/executions?limit=1');
    assert.equal(after.status, 200);
    assert.equal(after.headers.get('x-total-count'), '6040');
  });
});
