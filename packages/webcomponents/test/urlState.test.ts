import assert from 'node:assert/strict';
import { DEFAULT_STATE, readState, writeState } from '../src/urlState.js';

describe('urlState', () => {
  const defaults = { ...DEFAULT_STATE, script: 'jobs/fast_ok.py' };

  it('reads script, metric and days from the query string', () => {
    assert.deepEqual(readState('?script=jobs%2Fslow_growing.py&metric=cpu_max&days=30', defaults), {
      script: 'jobs/slow_growing.py',
      metric: 'cpu_max',
      days: 30,
    });
  });

  it('uses the defaults for absent parameters, and an empty script= for every script', () => {
    assert.deepEqual(readState('', defaults), defaults);
    assert.equal(readState('?script=', defaults).script, '');
  });

  it('ignores days the API would refuse instead of breaking the page', () => {
    for (const days of ['0', '366', '-3', '7.5', 'abc', '1e2']) {
      assert.equal(readState(`?days=${days}`, defaults).days, defaults.days, days);
    }
    assert.equal(readState('?days=365', defaults).days, 365);
  });

  it('writes only what differs from the defaults and keeps other parameters and the hash', () => {
    const href = writeState(
      'http://h/prefix/?x=1#top',
      { script: 'jobs/a b.py', metric: 'execution_time_seconds', days: 90 },
      defaults,
    );
    const url = new URL(href);
    assert.equal(url.pathname, '/prefix/');
    assert.equal(url.hash, '#top');
    assert.equal(url.searchParams.get('x'), '1');
    assert.equal(url.searchParams.get('script'), 'jobs/a b.py');
    assert.equal(url.searchParams.has('metric'), false);
    assert.equal(url.searchParams.get('days'), '90');
    assert.equal(writeState('http://h/', defaults, defaults), 'http://h/');
  });

  it('round-trips: what is written reads back the same', () => {
    const state = { script: '', metric: 'memory_max_mb', days: 1 };
    assert.deepEqual(readState(new URL(writeState('http://h/', state, defaults)).search, defaults), state);
  });
});
