import { aggregateMetrics, analyzeTrend, computeBaseline, type HistoryStore } from '@runner-dash/core';
import type { DataMethods, RequestMessage } from '../protocol.js';

/** The primary metric, as the REST API defaults to it. */
const PRIMARY_METRIC = 'execution_time_seconds';

/** A request that cannot be answered; `status` follows HTTP so the web components treat it alike. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Options of {@link answerRequest}. */
export interface AnswerOptions {
  /** The clock of every time window (tests pin it); default: now. */
  now?: Date | string;
}

/** The data methods core answers directly (the CSV export needs a save dialog: see the bridge). */
export type StoreMethod = Exclude<keyof DataMethods, 'exportCsv'>;

/**
 * Answers a webview's data request from the history through core, with the same defaults
 * and JSON shapes as runner-dash-server's REST API, so the web components cannot tell the
 * two apart.
 */
export async function answerRequest(
  store: HistoryStore,
  request: Extract<RequestMessage, { method: StoreMethod }>,
  options: AnswerOptions = {},
): Promise<DataMethods[StoreMethod]['result']> {
  const now = options.now;
  switch (request.method) {
    case 'scripts':
      return store.listScripts();
    case 'executions': {
      const p = request.params;
      return store.listExecutions({
        scriptPath: p.script || undefined,
        exitCode: p.exitCode,
        limit: p.limit,
        offset: p.offset,
      });
    }
    case 'execution': {
      const run = await store.getExecution(request.params.id);
      if (!run) throw new RequestError(`Run #${request.params.id} is not in the history.`, 404);
      return run;
    }
    case 'metricHistory': {
      const p = request.params;
      const metricName = p.metric ?? PRIMARY_METRIC;
      const days = p.days ?? 7;
      const scriptPath = p.script || undefined;
      const data = await store.metricSeries({ scriptPath, metricName, days, limit: p.limit ?? 1000, now });
      return { metric_name: metricName, script_path: scriptPath ?? null, days, data_points: data.length, data };
    }
    case 'aggregated': {
      const p = request.params;
      return aggregateMetrics(store, {
        scriptPath: p.script || undefined,
        metricName: p.metric,
        days: p.days ?? 30,
        now,
      });
    }
    case 'availableMetrics':
      return store.availableMetrics();
    case 'trendAnalysis': {
      const p = request.params;
      const analysis = await analyzeTrend(store, {
        scriptPath: p.script || undefined,
        metricName: p.metric ?? PRIMARY_METRIC,
        days: p.days ?? 30,
        now,
      });
      // Core's result and the wire shape the elements read are the same JSON.
      return analysis as DataMethods['trendAnalysis']['result'];
    }
    case 'baseline': {
      const p = request.params;
      const result = await computeBaseline(store, {
        scriptPath: p.script || undefined,
        metricName: p.metric ?? PRIMARY_METRIC,
        method: 'intelligent',
        days: p.days ?? 30,
        now,
      });
      return result as DataMethods['baseline']['result'];
    }
    case 'databaseStats':
      return store.databaseStats();
    case 'executionStats':
      return store.executionStatistics();
  }
}
