import type { RunMetricsSnapshot, ScriptRunMetrics } from '../analysis/collectRunMetrics.js';
import { resolveNow } from '../timeWindow.js';

/** The media type of what {@link prometheusText} writes (text exposition format 0.0.4). */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** A label value as the exposition format requires: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A sample value as Prometheus parses it (Go's ParseFloat plus `+Inf`, `-Inf`, `NaN`). */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Unix seconds of a naive local `start_time`, or undefined when it is not a time. */
function unixSeconds(localIso: string): number | undefined {
  try {
    return resolveNow(localIso).getTime() / 1000;
  } catch {
    return undefined;
  }
}

interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  samples: (script: ScriptRunMetrics, label: string) => string[];
}

function families(bounds: readonly number[]): Family[] {
  return [
    {
      name: 'runner_dash_runs_total',
      type: 'counter',
      help: 'Recorded runs (one per attempt) by outcome, over the whole history.',
      samples: (s, script) => [
        `runner_dash_runs_total{${script},outcome="success"} ${s.successes}`,
        `runner_dash_runs_total{${script},outcome="failure"} ${s.failures}`,
        `runner_dash_runs_total{${script},outcome="timeout"} ${s.timeouts}`,
      ],
    },
    {
      name: 'runner_dash_run_duration_seconds',
      type: 'histogram',
      help: 'Wall-clock duration of recorded runs, over the whole history.',
      samples: (s, script) => {
        const count = s.successes + s.failures + s.timeouts;
        return [
          ...bounds.map(
            (le, i) =>
              `runner_dash_run_duration_seconds_bucket{${script},le="${formatSampleValue(le)}"} ${s.bucket_counts[i]}`,
          ),
          `runner_dash_run_duration_seconds_bucket{${script},le="+Inf"} ${count}`,
          `runner_dash_run_duration_seconds_sum{${script}} ${formatSampleValue(s.duration_sum)}`,
          `runner_dash_run_duration_seconds_count{${script}} ${count}`,
        ];
      },
    },
    {
      name: 'runner_dash_last_run_timestamp_seconds',
      type: 'gauge',
      help: 'Start of the most recent run, in Unix seconds.',
      samples: (s, script) => {
        const at = unixSeconds(s.last_start_time);
        return at === undefined ? [] : [`runner_dash_last_run_timestamp_seconds{${script}} ${formatSampleValue(at)}`];
      },
    },
    {
      name: 'runner_dash_last_run_duration_seconds',
      type: 'gauge',
      help: 'Duration of the most recent run.',
      samples: (s, script) => [
        `runner_dash_last_run_duration_seconds{${script}} ${formatSampleValue(s.last_duration_seconds)}`,
      ],
    },
    {
      name: 'runner_dash_confirmed_regressions',
      type: 'gauge',
      help: 'Confirmed change points towards slower runs in the recent window (see /api/analysis/regressions).',
      samples: (s, script) => [`runner_dash_confirmed_regressions{${script}} ${s.confirmed_regressions}`],
    },
  ];
}

/**
 * Writes a {@link RunMetricsSnapshot} in the Prometheus text exposition format 0.0.4: one
 * HELP and TYPE line per family, then its samples, script by script.
 */
export function prometheusText(snapshot: RunMetricsSnapshot): string {
  const lines: string[] = [];
  for (const family of families(snapshot.bucket_bounds)) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const s of snapshot.scripts) lines.push(...family.samples(s, `script="${escapeLabelValue(s.script_path)}"`));
  }
  lines.push(
    '# HELP runner_dash_folded_scripts Scripts reported together as script="other" (beyond the cardinality limit).',
    '# TYPE runner_dash_folded_scripts gauge',
    `runner_dash_folded_scripts ${snapshot.folded_scripts}`,
  );
  return `${lines.join('\n')}\n`;
}
