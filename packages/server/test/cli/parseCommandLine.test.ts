import assert from 'node:assert/strict';
import { parseCommandLine, UsageError } from '../../src/cli/parseCommandLine.js';

const serve = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const command = parseCommandLine(argv, env);
  assert.equal(command.action, 'serve');
  return command as Extract<typeof command, { action: 'serve' }>;
};

describe('parseCommandLine: /metrics cardinality', () => {
  it('reports 100 scripts by name unless told otherwise', () => {
    assert.equal(serve([]).metricsMaxScripts, 100);
  });

  it('takes --metrics-max-scripts over DASHBOARD_METRICS_MAX_SCRIPTS', () => {
    assert.equal(serve(['--metrics-max-scripts', '7']).metricsMaxScripts, 7);
    assert.equal(serve([], { DASHBOARD_METRICS_MAX_SCRIPTS: '12' }).metricsMaxScripts, 12);
    assert.equal(serve(['--metrics-max-scripts=0'], { DASHBOARD_METRICS_MAX_SCRIPTS: '12' }).metricsMaxScripts, 0);
  });

  it('refuses a limit that is not a whole number, naming the flag or variable', () => {
    assert.throws(() => serve(['--metrics-max-scripts', 'ten']), /--metrics-max-scripts must be a whole number/);
    assert.throws(() => serve(['--metrics-max-scripts', '-1']), UsageError);
    assert.throws(() => serve([], { DASHBOARD_METRICS_MAX_SCRIPTS: '2.5' }), /DASHBOARD_METRICS_MAX_SCRIPTS must be/);
  });
});

describe('parseCommandLine: ingest', () => {
  it('is off unless asked for', () => {
    assert.equal(serve([]).ingest, false);
  });

  it('is on with --ingest or DASHBOARD_INGEST=1, given a token', () => {
    assert.equal(serve(['--ingest', '--token', 't']).ingest, true);
    assert.equal(serve([], { DASHBOARD_INGEST: '1', DASHBOARD_TOKEN: 't' }).ingest, true);
  });

  it('refuses --ingest without a token: the server must never accept anonymous writes', () => {
    assert.throws(() => serve(['--ingest']), /--ingest needs --token/);
    assert.throws(() => serve([], { DASHBOARD_INGEST: '1' }), /--ingest needs --token/);
  });
});
