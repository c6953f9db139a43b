import { RANGES } from '../QueryParams.js';

type Schema = Record<string, unknown>;

const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
const num: Schema = { type: 'number' };
const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const object = (properties: Record<string, Schema>, required = Object.keys(properties)): Schema => ({
  type: 'object',
  properties,
  required,
});

const schemas: Record<string, Schema> = {
  Error: object({ detail: str }),
  ExecutionSummary: object({
    id: int(),
    script_path: str,
    exit_code: int(),
    stdout_lines: nullable('integer'),
    stderr_lines: nullable('integer'),
    timestamp: { type: 'string', description: 'created_at (SQLite UTC)' },
    success: bool,
    execution_time_seconds: num,
    attempt_number: int(),
    timed_out: bool,
  }),
  ScriptSummary: object({
    path: str,
    execution_count: int(),
    successful_runs: int(),
    success_rate: num,
    last_execution: str,
  }),
  AggregatedStats: object({ count: int(), min: num, max: num, avg: num, median: num, p95: num, p99: num, stddev: num }),
  StatsByMetric: { type: 'object', additionalProperties: ref('AggregatedStats'), description: 'keyed by metric name' },
  NewExecution: {
    ...object(
      {
        script_path: str,
        script_args: { type: ['array', 'null'], items: str },
        start_time: { type: 'string', description: 'naive local ISO time, e.g. 2026-11-28T01:36:48.194022' },
        end_time: { type: 'string', description: 'naive local ISO time' },
        execution_time_seconds: { type: 'number', minimum: 0 },
        exit_code: int(),
        success: bool,
        attempt_number: { type: 'integer', minimum: 1, default: 1 },
        timeout_seconds: { type: ['number', 'null'], exclusiveMinimum: 0 },
        timed_out: bool,
        stdout_lines: nullable('integer'),
        stderr_lines: nullable('integer'),
        python_version: nullable('string'),
        platform: nullable('string'),
        created_at: { type: 'string', description: 'UTC YYYY-MM-DD HH:MM:SS; default: when the server writes it' },
        metrics: { type: 'object', additionalProperties: num, description: 'metric name → value' },
        alerts: { type: 'array', items: object({ alert_name: str, severity: str, condition: str }) },
        idempotency_key: {
          type: 'string',
          minLength: 1,
          maxLength: 200,
          description: 'a run sent again with the same key is not written again',
        },
      },
      ['script_path', 'start_time', 'end_time', 'execution_time_seconds', 'exit_code', 'success', 'metrics'],
    ),
    additionalProperties: false,
  },
  IngestOutcome: object({
    id: int('execution id: the new row, or the one first recorded under the same idempotency key'),
    duplicate: { type: 'boolean', description: 'true when the key was already recorded (nothing written)' },
  }),
  IngestBatchResult: object({
    executions: { type: 'array', items: ref('IngestOutcome'), description: 'one per run, in order' },
    recorded: int(),
    duplicates: int(),
  }),
};

const param = (
  name: string,
  schema: Schema,
  description: string,
  where: 'query' | 'path' | 'header' = 'query',
): Schema => ({
  name,
  in: where,
  required: where === 'path',
  description,
  schema,
});
const ranged = (min: number, max: number, fallback?: number): Schema => ({
  type: 'integer',
  minimum: min,
  maximum: max,
  ...(fallback === undefined ? {} : { default: fallback }),
});
const P = {
  scriptPath: param('script_path', str, 'only this script (as stored, e.g. jobs/etl.py)'),
  metricName: (fallback?: string) =>
    param(
      'metric_name',
      fallback ? { type: 'string', default: fallback } : str,
      'metric name, e.g. execution_time_seconds',
    ),
  days: (fallback?: number) =>
    param('days', ranged(...RANGES.days, fallback), 'only runs that started in the last N days'),
  limit: (fallback: number) => param('limit', ranged(...RANGES.limit, fallback), 'page size'),
  offset: param('offset', { type: 'integer', minimum: 0, default: 0 }, 'rows to skip'),
};

const json = (schema: Schema, description: string, headers?: Schema): Schema => ({
  description,
  content: { 'application/json': { schema } },
  ...(headers ? { headers } : {}),
});
const errors = {
  '400': json(ref('Error'), 'a query parameter is missing its range or type; detail names it'),
  '401': json(ref('Error'), 'a token is configured and the request lacks it'),
  '503': json(ref('Error'), 'the history database cannot be read right now'),
};
const totalCount = { 'X-Total-Count': { description: 'rows matching the filters', schema: int() } };
const get = (summary: string, parameters: Schema[], ok: Schema, more: Record<string, Schema> = {}): Schema => ({
  get: { summary, parameters, responses: { '200': ok, ...errors, ...more } },
});

/**
 * The OpenAPI 3.1 description of the REST API. A test walks it and calls every route, so
 * it stays true.
 */
export function openApiDocument(version: string, basePath: string): Schema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'runner-dash-server',
      version,
      description:
        'API over a Python Script Runner history database, read-only except for POST /api/ingest/executions ' +
        '(only with --ingest and --token). Live updates: WebSocket /ws/metrics ' +
        '(messages typed snapshot | executions | regression | pong; send {"type":"ping"}).',
    },
    servers: [{ url: basePath === '' ? '/' : `${basePath}/` }],
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'only when the server has --token' } },
    },
    security: [{}, { bearer: [] }],
    paths: {
      '/api/health': get(
        'Is the server up and the database readable? Minimal {status, timestamp} without a token when one is set.',
        [],
        json(
          object(
            {
              status: { enum: ['ok', 'error'] },
              timestamp: str,
              version: str,
              websocket_clients: int(),
              database: object({ path: str, ok: bool, message: str }, ['path', 'ok']),
            },
            ['status', 'timestamp'],
          ),
          'the database answers',
        ),
      ),
      '/api/scripts': get(
        'Every script with run counts, newest last run first',
        [],
        json({ type: 'array', items: ref('ScriptSummary') }, 'scripts'),
      ),
      '/api/executions': get(
        'Executions, newest first by created_at',
        [P.scriptPath, param('exit_code', { type: 'integer' }, 'only this exit code'), P.limit(50), P.offset],
        json({ type: 'array', items: ref('ExecutionSummary') }, 'one page', totalCount),
      ),
      '/api/executions/failed': get(
        'Failed executions, newest first',
        [P.limit(50), P.offset],
        json({ type: 'array', items: ref('ExecutionSummary') }, 'one page', totalCount),
      ),
      '/api/execution/{id}': get(
        'One execution: the whole row, its metrics and alerts',
        [param('id', { type: 'integer', minimum: 0 }, 'execution id', 'path')],
        json(
          object({
            id: int(),
            script_path: str,
            start_time: str,
            end_time: str,
            exit_code: int(),
            success: bool,
            created_at: str,
            metrics: { type: 'object', additionalProperties: num },
            alerts: { type: 'array' },
          }),
          'the execution',
        ),
        { '404': json(ref('Error'), 'no execution with that id') },
      ),
      '/api/metrics/latest': get(
        'Aggregated statistics over the latest runs, per metric',
        [P.scriptPath, P.limit(100)],
        json(ref('StatsByMetric'), 'stats keyed by metric name'),
      ),
      '/api/metrics/history': get(
        "One metric's values, oldest first",
        [
          P.scriptPath,
          P.metricName('execution_time_seconds'),
          P.days(7),
          param('limit', ranged(...RANGES.historyLimit, 1000), 'newest N points'),
        ],
        json(
          object({
            metric_name: str,
            script_path: nullable('string'),
            days: int(),
            data_points: int(),
            data: { type: 'array', items: object({ execution_id: int(), timestamp: str, value: num }) },
          }),
          'the series',
        ),
      ),
      '/api/metrics/aggregated': get(
        'Aggregated statistics over a window, per metric',
        [P.scriptPath, P.metricName(), P.days(30)],
        json(ref('StatsByMetric'), 'stats keyed by metric name'),
      ),
      '/api/metrics/available': get(
        'Every metric name',
        [],
        json(object({ available_metrics: { type: 'array', items: str } }), 'names, sorted'),
      ),
      '/api/analysis/trend': get(
        "Trend, anomalies, regression check, percentiles and change points of a script's metric",
        [P.scriptPath, P.metricName('execution_time_seconds'), P.days(30)],
        json(
          { type: 'object', description: 'analytics-reference.md, "Trend analysis"; {error} when there is no data' },
          'the analysis',
        ),
      ),
      '/api/analysis/baseline': get(
        "Baseline of a script's metric",
        [
          P.scriptPath,
          P.metricName('execution_time_seconds'),
          param(
            'method',
            { enum: ['intelligent', 'percentile', 'iqr', 'time-based'], default: 'intelligent' },
            'how to compute it',
          ),
          param('percentile', ranged(...RANGES.percentile, 50), 'for method=percentile'),
          P.days(30),
        ],
        json(
          { type: 'object', description: 'analytics-reference.md, "baseline"; {error} with too little data' },
          'the baseline',
        ),
      ),
      '/api/analysis/regressions': get(
        'Scripts with a confirmed change in the window, newest change first',
        [P.metricName('execution_time_seconds'), P.days(30)],
        json(
          { type: 'array', items: object({ script_path: str, metric_name: str, change_points: { type: 'array' } }) },
          'changes',
        ),
      ),
      '/api/stats/database': get(
        'Counts and size of the database',
        [],
        json(
          object({
            total_executions: int(),
            total_metrics: int(),
            total_alerts: int(),
            unique_scripts: int(),
            total_execution_time_seconds: num,
            database_file: str,
            database_size_mb: num,
          }),
          'stats',
        ),
      ),
      '/api/stats/execution': get(
        'Success and failure counts',
        [P.scriptPath, P.days()],
        json(
          object({ total_executions: int(), successful: int(), failed: int(), timed_out: int(), success_rate: num }),
          'counts',
        ),
      ),
      '/api/stats/performance': get(
        'Min, max, average and count of a metric',
        [P.metricName('execution_time_seconds'), P.scriptPath, P.days()],
        json(
          object({
            metric_name: str,
            count: int(),
            min: nullable('number'),
            max: nullable('number'),
            avg: nullable('number'),
          }),
          'stats',
        ),
      ),
      '/api/export/csv': get(
        'RFC 4180 CSV of the runs, one column per metric (sorted), streamed as an attachment',
        [P.scriptPath, P.metricName(), P.days()],
        { description: 'the CSV file', content: { 'text/csv': { schema: str } } },
      ),
      '/api/openapi.json': get('This document', [], json({ type: 'object' }, 'OpenAPI 3.1')),
      '/api/ingest/executions': {
        post: {
          summary:
            'Record runs from other machines (server started with --ingest and --token): one run, or ' +
            '{executions: [...]} written all or none. Bodies up to 1 MB; at most 1000 runs.',
          parameters: [
            param(
              'Idempotency-Key',
              { type: 'string', minLength: 1, maxLength: 200 },
              'for a single run: same as its idempotency_key',
              'header',
            ),
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    ref('NewExecution'),
                    object({ executions: { type: 'array', items: ref('NewExecution'), minItems: 1, maxItems: 1000 } }),
                  ],
                },
              },
            },
          },
          responses: {
            '201': json(
              { oneOf: [ref('IngestOutcome'), ref('IngestBatchResult')] },
              'written (a batch: at least one run was new)',
            ),
            '200': json(
              { oneOf: [ref('IngestOutcome'), ref('IngestBatchResult')] },
              'every run was already recorded under its idempotency key: nothing written, ids returned',
            ),
            '400': json(ref('Error'), 'a field is wrong; detail names it, e.g. executions[3].exit_code'),
            '401': json(ref('Error'), 'the token is missing or wrong'),
            '403': json(ref('Error'), 'the server has no token, so it accepts no writes'),
            '404': json(ref('Error'), 'the server was started without --ingest'),
            '413': json(ref('Error'), 'the body is over 1 MB'),
            '415': json(ref('Error'), 'the body is not application/json'),
            '503': errors['503'],
          },
        },
      },
      '/metrics': get(
        'Prometheus text exposition (0.0.4): runs by outcome, duration histogram, last run time and duration, ' +
          'confirmed regressions (30 days) per script; scripts beyond --metrics-max-scripts summed as script="other"',
        [],
        { description: 'the exposition', content: { 'text/plain': { schema: str } } },
      ),
    },
  };
}
