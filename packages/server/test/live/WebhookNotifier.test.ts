import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiveMessage, RegressionMessage } from '@runner-dash/core';
import WebSocket from 'ws';
import { silentLogger, startServer, type Logger } from '../../src/index.js';
import { parseWebhookUrl, WebhookNotifier } from '../../src/live/WebhookNotifier.js';
import { startFixtureServer, type FixtureServer } from '../fixtureServer.js';
import { recordSlowerRuns } from '../recordSlowerRuns.js';

/** One POST the receiver got. */
interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real webhook endpoint on 127.0.0.1: answers each POST with the next status of `statuses`
 * (the last one repeats); `hold` instead keeps every request waiting until released.
 */
async function startReceiver(statuses: number[] = [200], hold = false) {
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', headers: req.headers, body });
      if (hold) return void held.push(res);
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-token-123`,
    received,
    /** Answers every held request with 200. */
    release: () => held.splice(0).forEach((res) => res.end('late')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A logger that keeps its lines, to assert what the server said. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A connected feed client that keeps every message. */
async function connect(server: FixtureServer): Promise<{ ws: WebSocket; messages: LiveMessage[] }> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}ws/metrics`);
  const messages: LiveMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as LiveMessage));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages };
}

/** A regression message as the watcher would send it, for the notifier on its own. */
function message(executionId: number): RegressionMessage {
  return {
    type: 'regression',
    script_path: 'jobs/etl.py',
    metric_name: 'execution_time_seconds',
    change_point: {
      index: 20,
      before: { median: 1, mean: 1, n: 20 },
      after: { median: 1.5, mean: 1.5, n: 10 },
      change_percent: 50,
      p_value: 0.00001,
      direction: 'regression',
      confidence: 'confirmed',
      execution_id: executionId,
      start_time: '2026-11-28T01:00:00.000000',
    },
  };
}

describe('the regression webhook (--notify-webhook)', () => {
  describe('when new runs confirm a change', () => {
    it('POSTs the regression message the feed clients got, as JSON, retrying after two 500s', async () => {
      const receiver = await startReceiver([500, 500, 200]);
      const log = recordingLogger();
      const server = await startFixtureServer({
        notifyWebhook: receiver.url,
        webhookDelivery: { initialDelayMs: 20 },
        log,
      });
      try {
        const client = await connect(server);
        const ids = await recordSlowerRuns(server.dbPath);
        await until(() => client.messages.some((m) => m.type === 'regression'), 'the regression message');
        await until(() => receiver.received.length === 3, 'three POSTs (two refused, one accepted)');
        // Long enough for a fourth try, were one (wrongly) coming: 20 + 40 + 80 ms of backoff.
        await new Promise((r) => setTimeout(r, 300));
        const fromFeed = client.messages.filter((m) => m.type === 'regression');
        assert.equal(fromFeed.length, 1);
        assert.equal(fromFeed[0]!.change_point.execution_id, ids[0]);
        assert.equal(receiver.received.length, 3, 'retried until accepted, then not again');
        for (const post of receiver.received) {
          assert.equal(post.method, 'POST');
          assert.equal(post.headers['content-type'], 'application/json');
          assert.match(post.headers['user-agent'] ?? '', /^runner-dash-server\/\d+\.\d+\.\d+ /);
          assert.deepEqual(JSON.parse(post.body), fromFeed[0]);
        }
        const failures = log.lines.filter((l) => l.includes('failed'));
        assert.equal(failures.length, 2, log.lines.join('\n'));
        assert.match(
          failures[0]!,
          /webhook http:\/\/127\.0\.0\.1:\d+\/…: POST of the \+\d+(\.\d+)? % regression of jobs\/fast_ok\.py at run #\d+ failed \(HTTP 500 Internal Server Error\), attempt 1 of 5; retrying in 20 ms$/,
        );
        assert.match(failures[1]!, /attempt 2 of 5; retrying in 40 ms$/);
        assert.ok(log.lines.some((l) => /delivered .* \(HTTP 200\)$/.test(l)));
        assert.ok(!log.lines.join('\n').includes('secret-token-123'), 'the URL path (often a secret) is never logged');
        client.ws.close();
      } finally {
        await server.stop();
        await receiver.close();
      }
    });

    it('logs a webhook that is down and keeps serving the API and the feed', async () => {
      const port = await closedPort();
      const log = recordingLogger();
      const server = await startFixtureServer({
        notifyWebhook: `http://127.0.0.1:${port}/hook`,
        webhookDelivery: { attempts: 3, initialDelayMs: 10 },
        log,
      });
      try {
        const client = await connect(server);
        await recordSlowerRuns(server.dbPath);
        await until(() => client.messages.some((m) => m.type === 'regression'), 'the regression message');
        await until(() => log.lines.some((l) => l.includes('giving up')), 'the last failure');
        const failures = log.lines.filter((l) => l.includes('failed'));
        assert.equal(failures.length, 3, log.lines.join('\n'));
        for (const line of failures)
          assert.match(line, /failed \(ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);
        assert.match(failures[2]!, /attempt 3 of 3; giving up on this message$/);
        const health = await server.get('api/health');
        assert.equal(health.status, 200);
        assert.equal(((await health.json()) as { status: string }).status, 'ok');
        assert.equal((await server.get('api/executions?limit=1')).headers.get('x-total-count'), '52');
        assert.equal(client.ws.readyState, WebSocket.OPEN);
        client.ws.close();
      } finally {
        await server.stop();
      }
    });
  });

  describe('WebhookNotifier on its own', () => {
    it('gives up at once on a 4xx answer that retrying cannot fix', async () => {
      const receiver = await startReceiver([404]);
      const log = recordingLogger();
      const notifier = new WebhookNotifier({ url: receiver.url, log, initialDelayMs: 10 });
      try {
        notifier.notify(message(7));
        await until(() => log.lines.some((l) => l.includes('giving up')), 'giving up');
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(receiver.received.length, 1);
        assert.match(log.lines[0]!, /failed \(HTTP 404 Not Found\), attempt 1 of 5; giving up on this message$/);
      } finally {
        await notifier.close();
        await receiver.close();
      }
    });

    it('delivers in order and drops the oldest waiting message, with a log line, when the queue overflows', async () => {
      const receiver = await startReceiver([200], true);
      const log = recordingLogger();
      const notifier = new WebhookNotifier({ url: receiver.url, log, maxQueue: 2 });
      try {
        notifier.notify(message(1));
        await until(() => receiver.received.length === 1, 'the first POST in flight');
        // 1 is in flight; 2 and 3 wait; 4 and 5 push out 2 and 3.
        for (const id of [2, 3, 4, 5]) notifier.notify(message(id));
        const drops = log.lines.filter((l) => l.includes('queue full'));
        assert.equal(drops.length, 2);
        assert.match(
          drops[0]!,
          /queue full \(2\); dropped the oldest waiting message \(the \+50 % regression of jobs\/etl\.py at run #2\)$/,
        );
        assert.match(drops[1]!, /run #3\)$/);
        for (let n = 1; n <= 3; n++) {
          await until(() => receiver.received.length === n, `POST ${n}`);
          receiver.release();
        }
        await until(() => log.lines.filter((l) => /: delivered /.test(l)).length === 3, 'three deliveries');
        assert.deepEqual(
          receiver.received.map((r) => (JSON.parse(r.body) as RegressionMessage).change_point.execution_id),
          [1, 4, 5],
        );
      } finally {
        await notifier.close();
        await receiver.close();
      }
    });

    it('closes at once while a POST hangs, abandoning what is pending with one log line', async () => {
      const receiver = await startReceiver([200], true);
      const log = recordingLogger();
      const notifier = new WebhookNotifier({ url: receiver.url, log });
      try {
        notifier.notify(message(1));
        notifier.notify(message(2));
        await until(() => receiver.received.length === 1, 'the first POST in flight');
        const began = Date.now();
        await notifier.close();
        assert.ok(Date.now() - began < 500, 'no waiting for the webhook');
        assert.deepEqual(
          log.lines.filter((l) => !/: delivered /.test(l)),
          [
            `runner-dash-server: webhook ${new URL(receiver.url).origin}/…: shutting down; abandoned 2 undelivered messages`,
          ],
        );
        notifier.notify(message(3));
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(receiver.received.length, 1, 'nothing is sent after close');
      } finally {
        await receiver.close();
      }
    });

    it('times out a webhook that accepts the connection but never answers, and retries', async () => {
      const receiver = await startReceiver([200], true);
      const log = recordingLogger();
      const notifier = new WebhookNotifier({ url: receiver.url, log, attempts: 2, initialDelayMs: 10, timeoutMs: 100 });
      try {
        notifier.notify(message(1));
        await until(() => log.lines.some((l) => l.includes('giving up')), 'giving up');
        assert.equal(receiver.received.length, 2);
        assert.match(log.lines[0]!, /failed \(no answer within 100 ms\), attempt 1 of 2; retrying in 10 ms$/);
      } finally {
        await notifier.close();
        await receiver.close();
      }
    });

    it('accepts only http and https URLs', () => {
      assert.equal(parseWebhookUrl('https://hooks.example.com/x?y=1').hostname, 'hooks.example.com');
      assert.equal(parseWebhookUrl('http://127.0.0.1:9/').port, '9');
      assert.throws(() => parseWebhookUrl('ftp://example.com/x'), /must be an http:\/\/ or https:\/\/ URL, not ftp:/);
      assert.throws(
        () => parseWebhookUrl('hooks.example.com/x'),
        /must be an http:\/\/ or https:\/\/ URL, not 'hooks\.example\.com\/x'/,
      );
      assert.throws(() => new WebhookNotifier({ url: 'file:///etc/passwd', log: recordingLogger() }), RangeError);
    });
  });

  it('refuses to start with a bad webhook URL (RangeError), before opening the database', async () => {
    await assert.rejects(
      startServer({
        dbPath: '/nonexistent/history.db',
        port: 0,
        notifyWebhook: 'mailto:ops@example.com',
        log: silentLogger,
      }),
      (err: Error) => err instanceof RangeError && /http:\/\/ or https:\/\//.test(err.message),
    );
  });
});
