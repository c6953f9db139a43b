import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { HistoryConnection } from '../../src/host/HistoryConnection.js';
import { WebviewBridge } from '../../src/host/WebviewBridge.js';
import type { ViewAction } from '../../src/protocol.js';
import { FIXTURE_NOW, fixtureCopy, messageChannel } from '../loopback.js';

const settle = () => new Promise((r) => setTimeout(r, 60));

describe('WebviewBridge', () => {
  let copy: ReturnType<typeof fixtureCopy>;
  let connection: HistoryConnection;
  let channel: ReturnType<typeof messageChannel>;
  let bridge: WebviewBridge;
  const actions: ViewAction[] = [];
  beforeEach(async () => {
    copy = fixtureCopy();
    connection = new HistoryConnection(copy.db);
    await connection.start();
    channel = messageChannel();
    actions.length = 0;
    bridge = new WebviewBridge(channel.port, connection, {
      context: () => ({
        database: connection.state,
        script: 'jobs/flaky.py',
        alsoRecordedAs: [],
        days: 30,
        running: false,
      }),
      action: (a) => actions.push(a),
      saveCsv: async () => ({ filename: 'x.csv', path: '/tmp/x.csv', bytes: 1 }),
      now: FIXTURE_NOW,
    });
  });
  afterEach(async () => {
    bridge.dispose();
    await connection.dispose();
    copy.remove();
  });

  it('ignores malformed messages: no answer, no action', async () => {
    for (const junk of [
      null,
      'scripts',
      { type: 'request', method: 'scripts' },
      { type: 'action', action: 'rm' },
      { type: 'x' },
    ]) {
      channel.postFromPage(junk);
    }
    await settle();
    assert.deepEqual(channel.hostSent, []);
    assert.deepEqual(actions, []);
  });

  it('answers a request with a bad parameter with a 400 that names it, and a good one with data', async () => {
    channel.postFromPage({ type: 'request', id: 1, method: 'executions', params: { limit: 0 } });
    channel.postFromPage({
      type: 'request',
      id: 2,
      method: 'executions',
      params: { script: 'jobs/flaky.py', limit: 2 },
    });
    await settle();
    const byId = new Map(channel.hostSent.map((m) => [m.type === 'response' ? m.id : -1, m]));
    assert.deepEqual(byId.get(1), {
      type: 'response',
      id: 1,
      ok: false,
      error: { message: "executions: parameter 'limit' must be a whole number from 1 to 10000", status: 400 },
    });
    const good = byId.get(2);
    assert.ok(good?.type === 'response' && good.ok);
    assert.equal((good.result as { total: number }).total, 14);
  });

  it('passes view buttons on as actions and answers ready with the context', async () => {
    channel.postFromPage({ type: 'action', action: 'runScript' });
    channel.postFromPage({ type: 'ready' });
    await settle();
    assert.deepEqual(actions, ['runScript']);
    assert.equal(channel.hostSent.length, 1);
    const sent = channel.hostSent[0]!;
    assert.ok(sent.type === 'context');
    assert.equal(sent.context.script, 'jobs/flaky.py');
    assert.equal(sent.context.database.ok, true);
  });

  it('answers with 503 and a message saying so when the file is replaced by something that is not SQLite', async () => {
    writeFileSync(copy.db, 'this is not a database, just text that someone saved over it\n'.repeat(20));
    await connection.refresh();
    assert.equal(connection.state.ok, false);
    channel.postFromPage({ type: 'request', id: 3, method: 'scripts' });
    await settle();
    const answer = channel.hostSent.find((m) => m.type === 'response');
    assert.ok(answer?.type === 'response' && !answer.ok);
    assert.equal(answer.error.status, 503);
    assert.match(answer.error.message, /is not a SQLite database\. Choose the history file/);
  });

  it('stops answering once disposed', async () => {
    bridge.dispose();
    channel.postFromPage({ type: 'ready' });
    await settle();
    assert.deepEqual(channel.hostSent, []);
  });
});
