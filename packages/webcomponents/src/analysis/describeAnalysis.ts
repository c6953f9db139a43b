import type { BaselineJson, ChangePointJson, TrendAnalysis } from '../data/apiTypes.js';
import { formatMetric, formatNumber, formatPValue } from '../format.js';

/** One statement of the analysis panel. */
export interface Finding {
  kind: 'verdict' | 'change' | 'regression' | 'anomalies' | 'baseline';
  tone: 'good' | 'bad' | 'neutral';
  text: string;
}

/** Words for "up" and "down" of a metric: run times get slower, other things higher. */
function words(metric: string): { up: string; down: string } {
  return metric.endsWith('_seconds') ? { up: 'slower', down: 'faster' } : { up: 'higher', down: 'lower' };
}

/** Whole percent from 10 % up, one decimal below: precision people can use. */
const percent = (value: number): string => `${Number(Math.abs(value).toFixed(Math.abs(value) >= 10 ? 0 : 1))} %`;

/**
 * The analysis of one script's metric in plain words ("12 % slower since run 418,
 * p = 0.0003"). `runIds` maps a position in the analysed series to its run id, when known.
 */
export function describeAnalysis(
  analysis: TrendAnalysis,
  baseline?: BaselineJson,
  runIds: readonly number[] = [],
): Finding[] {
  const metric = analysis.metric_name;
  if (analysis.error || !analysis.trend) {
    return [
      {
        kind: 'verdict',
        tone: 'neutral',
        text: `No runs of ${analysis.script_path} in this window, so nothing to analyse.`,
      },
    ];
  }
  const { up, down } = words(metric);
  const n = analysis.data_points ?? 0;
  const findings: Finding[] = [];
  const trend = analysis.trend;
  const runs = `${formatNumber(n)} run${n === 1 ? '' : 's'}`;
  if (trend.trend === 'insufficient_data') {
    findings.push({ kind: 'verdict', tone: 'neutral', text: `Only ${runs}: too few to tell a trend.` });
  } else if (trend.trend === 'stable' || trend.trend === 'flat') {
    findings.push({
      kind: 'verdict',
      tone: 'good',
      text: `Steady over ${runs}: no meaningful trend (${percent(trend.slope_pct_per_run)} per run).`,
    });
  } else {
    const worse = trend.trend === 'increasing';
    findings.push({
      kind: 'verdict',
      tone: worse ? 'bad' : 'good',
      text: `Getting ${worse ? up : down} over ${runs}: ${percent(trend.slope_pct_per_run)} per run on average (r² = ${trend.r_squared}).`,
    });
  }
  const changes = analysis.change_points ?? [];
  if (changes.length === 0) {
    findings.push({ kind: 'change', tone: 'good', text: 'No lasting change of level in this window.' });
  }
  for (const cp of changes) findings.push(describeChange(cp, metric));
  const reg = analysis.regression;
  if (reg?.regression_detected && reg.percent_change !== undefined) {
    findings.push({
      kind: 'regression',
      tone: 'bad',
      text: `The last ${reg.recent_size} runs average ${formatMetric(metric, reg.recent_mean)}, ${percent(reg.percent_change)} above the ${reg.baseline_size} before them (${reg.severity} severity).`,
    });
  }
  const anomalies = analysis.anomalies?.anomalies ?? [];
  if (anomalies.length > 0) {
    const list = anomalies
      .slice(0, 3)
      .map(
        (a) =>
          `${runIds[a.index] !== undefined ? `run #${runIds[a.index]}` : `run ${a.index + 1} of the window`} (${formatMetric(metric, a.value)})`,
      )
      .join(', ');
    const more = anomalies.length > 3 ? ` and ${anomalies.length - 3} more` : '';
    findings.push({
      kind: 'anomalies',
      tone: 'neutral',
      text: `${anomalies.length} unusual run${anomalies.length === 1 ? '' : 's'} (${formatNumber(analysis.anomalies?.percentage ?? 0)} %): ${list}${more}.`,
    });
  } else {
    findings.push({ kind: 'anomalies', tone: 'good', text: 'No unusual runs.' });
  }
  if (baseline && baseline.baseline !== undefined) {
    const why =
      baseline.reasoning ??
      (baseline.reason === 'insufficient_data' ? 'Too few runs for more than a mean' : baseline.method);
    const cv = baseline.data_characteristics?.coefficient_of_variation;
    findings.push({
      kind: 'baseline',
      tone: 'neutral',
      text: `Baseline ${formatMetric(metric, baseline.baseline)}: ${why}${cv !== undefined ? ` (variation ${formatNumber(cv)} %)` : ''}.`,
    });
  }
  return findings;
}

/** "12 % slower since run 418 (0.1 s → 0.2 s), p = 0.0003". */
export function describeChange(cp: ChangePointJson, metric: string): Finding {
  const { up, down } = words(metric);
  const worse = cp.direction === 'regression';
  const suspected = cp.confidence !== 'confirmed' ? `; suspected, only ${cp.after.n} runs since` : '';
  return {
    kind: 'change',
    tone: worse ? 'bad' : 'good',
    text: `${percent(cp.change_percent)} ${worse ? up : down} since run ${cp.execution_id} (median ${formatMetric(metric, cp.before.median)} → ${formatMetric(metric, cp.after.median)}), ${formatPValue(cp.p_value)}${suspected}.`,
  };
}
