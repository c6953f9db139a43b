import assert from 'node:assert/strict';
import { formatAgo, formatDuration } from '../../src/cli/formatDuration.js';
import { formatTable, visibleWidth } from '../../src/cli/formatTable.js';
import { progressReporter } from '../../src/cli/progressReporter.js';
import { renderStatsTable } from '../../src/cli/renderStatsTable.js';
import { sparkline } from '../../src/cli/sparkline.js';
import type { StatsReport } from '../../src/cli/collectScriptStats.js';

describe('stats formatting', () => {
  it('draws a sparkline from lowest ▁ to highest █, one character per run', () => {
    assert.equal(sparkline([1, 2, 3, 4, 5, 6, 7, 8]), '▁▂▃▄▅▆▇█');
    assert.equal(sparkline([8, 1]), '█▁');
    assert.equal(sparkline([]), '');
    assert.equal(sparkline([2, Number.NaN, 4]), '▁ █');
  });

  it('keeps small noise flat and does not let one outlier flatten the rest', () => {
    assert.match(sparkline([100, 101, 99, 100, 102, 98, 100]), /^[▆▇█]+$/u, '±2 % is not drawn as full swings');
    const withSpike = sparkline([10, 12, 11, 13, 10, 12, 40, 11, 13, 10, 12, 11]);
    assert.equal(withSpike[6], '█');
    assert.ok(new Set(withSpike.replace('█', '')).size >= 3, `the other runs still vary: ${withSpike}`);
  });

  it('writes durations and ages as people read them', () => {
    assert.equal(formatDuration(0.1031), '0.10 s');
    assert.equal(formatDuration(42.34), '42.3 s');
    assert.equal(formatDuration(245), '4m 05s');
    assert.equal(formatDuration(7380), '2h 03m');
    assert.equal(formatDuration(null), '—');
    const now = new Date('2026-11-28T02:00:00');
    assert.equal(formatAgo(new Date('2026-11-28T01:59:30'), now), 'just now');
    assert.equal(formatAgo(new Date('2026-11-28T01:36:44'), now), '23 min ago');
    assert.equal(formatAgo(new Date('2026-11-27T20:00:00'), now), '6 h ago');
    assert.equal(formatAgo(new Date('2026-11-20T02:00:00'), now), '8 d ago');
  });

  it('aligns table columns by visible width, ignoring colour codes', () => {
    const red = '\u001b[31m50%\u001b[39m';
    assert.equal(visibleWidth(red), 3);
    const table = formatTable(
      [{ header: 'script' }, { header: 'ok', align: 'right' }],
      [
        ['a.py', red],
        ['longer.py', '100%'],
      ],
    );
    assert.equal(table, ['script       ok', '─────────  ────', `a.py        ${red}`, 'longer.py  100%'].join('\n'));
  });

  it('redraws one progress bar on a terminal and prints quarters elsewhere', () => {
    let tty = '';
    const bar = progressReporter({ isTTY: true, write: (s: string) => (tty += s) }, 'Writing');
    for (let i = 1; i <= 200; i++) bar(i, 200);
    assert.equal(tty.split('\r').length - 1, 101, 'one redraw per percent, 0 to 100');
    assert.match(tty, /\rWriting █{30} 100% 200\/200 in \d+\.\d s\n$/);
    let plain = '';
    const lines = progressReporter({ write: (s: string) => (plain += s) }, 'Writing');
    for (let i = 1; i <= 200; i++) lines(i, 200);
    assert.equal(
      plain,
      ['25% (50/200)', '50% (100/200)', '75% (150/200)', '100% (200/200)'].map((l) => `Writing: ${l}\n`).join(''),
    );
  });

  it('colours success rates, trends and change points only when asked', () => {
    const report: StatsReport = {
      database: 'h.db',
      days: 7,
      now: '2026-11-28T02:00:00.000000',
      total_runs: 20,
      scripts: [
        {
          script_path: 'etl/x.py',
          runs: 20,
          successful_runs: 17,
          failed_runs: 3,
          timed_out_runs: 0,
          success_rate: 85,
          p50_seconds: 42,
          p95_seconds: 58.5,
          last_durations: [40, 41, 42, 55, 56, 57],
          trend: 'increasing',
          trend_change_pct: 30,
          regression: { slope: 1, intercept: 40, r_squared: 0.8, trend: 'increasing', slope_pct_per_run: 2 },
          last_run: '2026-11-28T01:00:00.000000',
          change_points: [
            {
              index: 3,
              before: { median: 41, mean: 41, n: 3 },
              after: { median: 56, mean: 56, n: 3 },
              change_percent: 36.59,
              p_value: 0.0001,
              direction: 'regression',
              confidence: 'confirmed',
              execution_id: 7,
              start_time: '2026-11-27T10:00:00.000000',
            },
          ],
        },
      ],
    };
    const plain = renderStatsTable(report);
    assert.match(
      plain,
      /^etl\/x\.py +20 +85\.0% +42\.0 s +58\.5 s +▁▁▁███ +↗ increasing +1 h ago +▲ \+37% since 2026-11-27 10:00$/m,
    );
    assert.match(plain, /20 runs of 1 script · last 7 days/);
    const coloured = renderStatsTable(report, { colour: true });
    assert.ok(coloured.includes('\u001b[31m85.0%\u001b[39m'), 'a low success rate is red');
    assert.ok(coloured.includes('\u001b[31m▲ +37% since 2026-11-27 10:00\u001b[39m'), 'a regression is red');
    const stripped = coloured
      .split('\u001b[')
      .map((part, k) => (k === 0 ? part : part.replace(/^\d+m/, '')))
      .join('');
    assert.equal(stripped, plain, 'colour changes nothing but the codes');
  });
});
