import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { LiveMessage, LiveStatus } from '../../src/data/apiTypes.js';
import { backoffDelay, LiveSocket, parseMessage } from '../../src/data/LiveSocket.js';

/** A real feed server on loopback that greets every client with the given messages. */
async function feedServer(port: number, greet: string[]): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => greet.forEach((text) => socket.send(text)));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

function until(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () =>
      check() ? resolve() : Date.now() - start > ms ? reject(new Error('timed out waiting')) : setTimeout(tick, 10);
    tick();
  });
}

describe('LiveSocket', () => {
  it('delivers feed messages, drops malformed ones, and reconnects to a restarted server', async () => {
    const snapshot = JSON.stringify({ type: 'snapshot', total_executions: 40 });
    let server = await feedServer(0, ['not json', JSON.stringify({ type: 'mystery' }), snapshot]);
    const messages: LiveMessage[] = [];
    const statuses: LiveStatus[] = [];
    const live = new LiveSocket({
      url: `ws://127.0.0.1:${server.port}/ws/metrics`,
      onMessage: (m) => messages.push(m),
      onStatus: (s) => statuses.push(s),
      backoff: () => 50,
    });
    try {
      live.start();
      await until(() => messages.length === 1);
      assert.deepEqual(messages[0], { type: 'snapshot', total_executions: 40 });
      assert.deepEqual(statuses, ['connected']);

      const port = server.port;
      await server.close();
      await until(() => statuses.includes('reconnecting'));
      // After three failed tries in a row the status admits being offline.
      await until(() => statuses.includes('offline'));

      server = await feedServer(port, [snapshot]);
      await until(() => messages.length === 2);
      assert.equal(statuses[statuses.length - 1], 'connected');
    } finally {
      live.stop();
      await server.close();
    }
  });

  it('reconnects when the feed falls silent longer than the silence timeout', async () => {
    const server = await feedServer(0, []);
    const statuses: LiveStatus[] = [];
    const live = new LiveSocket({
      url: `ws://127.0.0.1:${server.port}/`,
      onMessage: () => undefined,
      onStatus: (s) => statuses.push(s),
      backoff: () => 20,
      silenceTimeoutMs: 100,
    });
    try {
      live.start();
      await until(() => statuses.filter((s) => s === 'connected').length >= 2);
      assert.deepEqual(statuses.slice(0, 3), ['connected', 'reconnecting', 'connected']);
    } finally {
      live.stop();
      await server.close();
    }
  });
});

describe('backoffDelay', () => {
  it('doubles from half a second up to a 10 s cap, with ±15 % jitter', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 9].map((a) => backoffDelay(a, () => 0.5)),
      [500, 1000, 2000, 4000, 8000, 10000, 10000],
    );
    assert.equal(
      backoffDelay(0, () => 0),
      425,
    );
    assert.equal(
      backoffDelay(0, () => 1),
      575,
    );
  });
});

describe('parseMessage', () => {
  it('accepts the three message types and nothing else', () => {
    assert.equal(parseMessage('{"type":"executions","executions":[]}')?.type, 'executions');
    assert.equal(parseMessage('{"type":"regression","change_point":{}}')?.type, 'regression');
    assert.equal(parseMessage('{"type":"executions"}'), undefined);
    assert.equal(parseMessage('{"type":"pong"}'), undefined);
    assert.equal(parseMessage('[1]'), undefined);
    assert.equal(parseMessage(new ArrayBuffer(2)), undefined);
  });
});
