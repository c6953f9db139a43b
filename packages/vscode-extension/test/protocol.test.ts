import { strict as assert } from 'node:assert';
import { isDataMethod, parseHostMessage, parseWebviewMessage } from '../src/protocol.js';

describe('protocol: messages from the webview', () => {
  it('accepts ready, the four view actions and requests of every data method', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    for (const action of ['runScript', 'selectDatabase', 'openDashboard', 'exportCsv']) {
      assert.deepEqual(parseWebviewMessage({ type: 'action', action }), { type: 'action', action });
    }
    assert.deepEqual(
      parseWebviewMessage({
        type: 'request',
        id: 7,
        method: 'metricHistory',
        params: { script: 'jobs/x.py', metric: 'cpu_max', days: 30, limit: 500 },
      }),
      {
        type: 'request',
        id: 7,
        method: 'metricHistory',
        params: { script: 'jobs/x.py', metric: 'cpu_max', days: 30, limit: 500 },
      },
    );
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 0, method: 'scripts' }), {
      type: 'request',
      id: 0,
      method: 'scripts',
      params: {},
    });
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 3, method: 'execution', params: { id: 41 } }), {
      type: 'request',
      id: 3,
      method: 'execution',
      params: { id: 41 },
    });
  });

  it('drops anything that is not a message of ours, without an answer', () => {
    const junk: unknown[] = [
      null,
      undefined,
      'ready',
      42,
      [],
      [{ type: 'ready' }],
      {},
      { type: 'hello' },
      { type: 'action', action: 'deleteEverything' },
      { type: 'action' },
      { type: 'request', method: 'scripts' },
      { type: 'request', id: -1, method: 'scripts' },
      { type: 'request', id: 1.5, method: 'scripts' },
      { type: 'request', id: '1', method: 'scripts' },
    ];
    for (const raw of junk) assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
  });

  it('turns a request with a usable id but a wrong method or parameter into an error naming the problem', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 5, method: 'dropTables' }), {
      type: 'invalid',
      id: 5,
      reason: "unknown method 'dropTables'",
    });
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 5, method: 'trendAnalysis', params: { days: 0 } }), {
      type: 'invalid',
      id: 5,
      reason: "trendAnalysis: parameter 'days' must be a whole number of days from 1 to 365",
    });
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 6, method: 'executions', params: { limit: 20000 } }), {
      type: 'invalid',
      id: 6,
      reason: "executions: parameter 'limit' must be a whole number from 1 to 10000",
    });
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 8, method: 'execution', params: {} }), {
      type: 'invalid',
      id: 8,
      reason: "execution: parameter 'id' is required",
    });
    assert.deepEqual(
      parseWebviewMessage({ type: 'request', id: 9, method: 'scripts', params: { sql: 'DROP TABLE x' } }),
      {
        type: 'invalid',
        id: 9,
        reason: "scripts: unknown parameter 'sql'",
      },
    );
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: 10, method: 'aggregated', params: 'all' }), {
      type: 'invalid',
      id: 10,
      reason: 'params must be an object',
    });
    assert.equal(
      (
        parseWebviewMessage({ type: 'request', id: 11, method: 'metricHistory', params: { metric: '' } }) as {
          reason: string;
        }
      ).reason,
      "metricHistory: parameter 'metric' must be a metric name",
    );
  });

  it('does not let inherited property names pass as methods or parameters', () => {
    assert.equal(isDataMethod('toString'), false);
    assert.equal(isDataMethod('__proto__'), false);
    assert.equal(isDataMethod('scripts'), true);
    const parsed = parseWebviewMessage({ type: 'request', id: 1, method: 'executions', params: { constructor: 1 } });
    assert.deepEqual(parsed, { type: 'invalid', id: 1, reason: "executions: unknown parameter 'constructor'" });
  });
});

describe('protocol: messages from the host', () => {
  const context = {
    database: { path: '/w/script_runner_history.db', ok: true },
    file: { name: 'flaky.py', relativePath: 'jobs/flaky.py' },
    script: 'jobs/flaky.py',
    alsoRecordedAs: [],
    days: 30,
    running: false,
  };

  it('accepts responses, contexts and live runs', () => {
    assert.deepEqual(parseHostMessage({ type: 'response', id: 1, ok: true, result: [1, 2] }), {
      type: 'response',
      id: 1,
      ok: true,
      result: [1, 2],
    });
    assert.deepEqual(
      parseHostMessage({ type: 'response', id: 2, ok: false, error: { message: 'gone', status: 404 } }),
      {
        type: 'response',
        id: 2,
        ok: false,
        error: { message: 'gone', status: 404 },
      },
    );
    assert.deepEqual(parseHostMessage({ type: 'context', context }), { type: 'context', context });
    const run = { id: 41, script_path: 'jobs/flaky.py', exit_code: 0 };
    assert.deepEqual(parseHostMessage({ type: 'live', executions: [run] }), { type: 'live', executions: [run] });
  });

  it('ignores what VS Code or anything else posts into the page, and malformed host messages', () => {
    const junk: unknown[] = [
      null,
      'x',
      { type: 'response', id: 1 },
      { type: 'response', id: 1, ok: false, error: 'boom' },
      { type: 'response', ok: true, result: 1 },
      { type: 'context', context: { ...context, days: 0 } },
      { type: 'context', context: { ...context, database: { path: 1, ok: true } } },
      { type: 'context', context: { ...context, alsoRecordedAs: [3] } },
      { type: 'live', executions: [{ id: '1', script_path: 'x' }] },
      { type: 'live' },
      { command: 'vscode:theme-changed' },
    ];
    for (const raw of junk) assert.equal(parseHostMessage(raw), undefined, JSON.stringify(raw));
  });
});
