import { strict as assert } from 'node:assert';
import { formatSeconds, statusText } from '../../src/host/statusText.js';

describe('statusText', () => {
  it('shows a tick and the median after a successful last run', () => {
    const shown = statusText({
      script: 'jobs/etl.py',
      runs: 12,
      days: 30,
      p50: 1.2449,
      last: { success: true, timedOut: false, exitCode: 0, seconds: 1.3 },
    });
    assert.equal(shown.text, '✓ 1.24 s p50');
    assert.equal(shown.failed, false);
    assert.equal(
      shown.tooltip,
      'Runner Dash: jobs/etl.py — last run succeeded in 1.30 s; 12 runs recorded, median 1.24 s over the last 30 days. Click to open the view.',
    );
  });

  it('shows a cross and asks for red after a failed or timed-out last run', () => {
    const failed = statusText({
      script: 'jobs/flaky.py',
      runs: 14,
      days: 30,
      p50: 0.1059,
      last: { success: false, timedOut: false, exitCode: 2, seconds: 0.1 },
    });
    assert.equal(failed.text, '✗ 0.11 s p50');
    assert.equal(failed.failed, true);
    assert.match(failed.tooltip, /last run failed \(exit code 2\) in 0\.10 s/);
    const timedOut = statusText({
      script: 'jobs/hangs.py',
      runs: 2,
      days: 7,
      last: { success: false, timedOut: true, exitCode: -1, seconds: 2 },
    });
    assert.equal(timedOut.text, '✗');
    assert.match(timedOut.tooltip, /last run timed out in 2\.00 s; 2 runs recorded, no runs in the last 7 days/);
  });

  it('says when a script has no runs', () => {
    assert.deepEqual(statusText({ script: 'x.py', runs: 0, days: 30 }), {
      text: '$(history) no runs',
      tooltip: 'Runner Dash: no recorded runs of x.py. Click to open the view.',
      failed: false,
    });
  });
});

describe('formatSeconds', () => {
  it('writes durations at the precision people read them', () => {
    assert.equal(formatSeconds(0.2716), '0.27 s');
    assert.equal(formatSeconds(12.44), '12.4 s');
    assert.equal(formatSeconds(185), '3 m 05 s');
    assert.equal(formatSeconds(3725), '1 h 02 m');
    assert.equal(formatSeconds(Number.NaN), '–');
    assert.equal(formatSeconds(-1), '–');
  });
});
