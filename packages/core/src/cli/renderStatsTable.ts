import type { StatsChangePoint, StatsReport, ScriptStats } from './collectScriptStats.js';
import { SPARKLINE_RUNS, STABLE_TREND_PCT } from './collectScriptStats.js';
import { formatAgo, formatDuration } from './formatDuration.js';
import { formatTable, type TableColumn } from './formatTable.js';
import { sparkline } from './sparkline.js';

type Colour = 'red' | 'yellow' | 'green' | 'cyan' | 'dim' | 'bold';
const CODES: Record<Colour, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** Options of {@link renderStatsTable}. */
export interface RenderOptions {
  /** Colour with ANSI codes (on a terminal, unless NO_COLOR is set). */
  colour?: boolean;
}

const TREND_LABEL: Record<ScriptStats['trend'], string> = {
  increasing: '↗ increasing',
  decreasing: '↘ decreasing',
  stable: '→ stable',
  flat: '→ flat',
  insufficient_data: '· too few runs',
};

/** `2026-11-13T02:24:52.375253` → `2026-11-13 02:24`. */
const shortTime = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

function changeLabel(c: StatsChangePoint): string {
  const arrow = c.direction === 'regression' ? '▲' : '▼';
  const pct = `${c.change_percent > 0 ? '+' : '−'}${Math.abs(Math.round(c.change_percent))}%`;
  return `${arrow} ${pct} since ${shortTime(c.start_time)}`;
}

/**
 * Renders a {@link StatsReport} as the text `runner-dash stats` prints: a heading naming
 * the database and window, one table row per script, and a short legend.
 */
export function renderStatsTable(report: StatsReport, options: RenderOptions = {}): string {
  const paint = (colour: Colour, text: string): string =>
    options.colour && text ? `\u001b[${CODES[colour][0]}m${text}\u001b[${CODES[colour][1]}m` : text;
  const now = new Date(report.now);
  const window = report.days === null ? 'whole history' : `last ${report.days} day${report.days === 1 ? '' : 's'}`;
  const heading = [
    `${paint('bold', 'runner-dash stats')} · ${report.database}`,
    paint(
      'dim',
      `${report.total_runs} run${report.total_runs === 1 ? '' : 's'} of ${report.scripts.length} script${report.scripts.length === 1 ? '' : 's'} · ${window} · now ${shortTime(report.now)}`,
    ),
  ];
  if (report.scripts.length === 0) {
    return [...heading, '', `No runs ${report.days === null ? 'recorded yet' : `in the ${window}`}.`].join('\n');
  }

  const columns: TableColumn[] = [
    { header: 'script' },
    { header: 'runs', align: 'right' },
    { header: 'success', align: 'right' },
    { header: 'p50', align: 'right' },
    { header: 'p95', align: 'right' },
    { header: `last ${SPARKLINE_RUNS} durations` },
    { header: 'trend' },
    { header: 'last run' },
    { header: 'change' },
  ];
  const rows = report.scripts.map((s) => {
    const rate = `${s.success_rate.toFixed(1)}%`;
    const rateColour: Colour = s.success_rate < 90 ? 'red' : s.success_rate < 99 ? 'yellow' : 'green';
    const trendColour: Colour | undefined =
      s.trend === 'increasing' ? 'yellow' : s.trend === 'decreasing' ? 'green' : undefined;
    const latest = s.change_points[0];
    return [
      s.script_path,
      String(s.runs),
      paint(rateColour, rate),
      formatDuration(s.p50_seconds),
      formatDuration(s.p95_seconds),
      paint('cyan', sparkline(s.last_durations)),
      trendColour ? paint(trendColour, TREND_LABEL[s.trend]) : TREND_LABEL[s.trend],
      s.last_run ? formatAgo(new Date(s.last_run), now) : '—',
      latest ? paint(latest.direction === 'regression' ? 'red' : 'green', changeLabel(latest)) : '',
    ];
  });
  const legend = paint(
    'dim',
    [
      `p50/p95: duration percentiles in the window · durations: the latest ${SPARKLINE_RUNS} runs, oldest first, scaled per script`,
      `trend: the least-squares line through the window's durations, when it clearly moves ${STABLE_TREND_PCT} % or more`,
      'change: a confirmed change point in the durations (▲ slower, ▼ faster) and the run it starts at',
    ].join('\n'),
  );
  return [...heading, '', formatTable(columns, rows), '', legend].join('\n');
}
