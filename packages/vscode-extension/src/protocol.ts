/**
 * The messages between the extension host and its webviews: a `type`-tagged union each
 * way. The webview asks the questions of the web components' `DataSource` as `request`s
 * (answered by `response`s with the same `id`); the host pushes what the view is about
 * (`context`) and new runs (`live`). Both sides validate what they receive: a webview is
 * a web page, so nothing it sends is trusted, and malformed messages are dropped.
 *
 * This module is shared by both bundles, so it imports nothing but types.
 */
import type { ExecutionSummary } from '@runner-dash/core';
import type {
  AggregatedByMetric,
  BaselineJson,
  DatabaseStats,
  ExecutionDetail,
  ExecutionsQuery,
  ExecutionsResult,
  ExecutionStatistics,
  Filters,
  MetricHistory,
  ScriptSummary,
  TrendAnalysis,
} from '@runner-dash/webcomponents';

/** What the host answers for a CSV export: the file it saved (the webview cannot download). */
export interface SavedExport {
  filename: string;
  path: string;
  bytes: number;
}

/** Each data method's parameters and result, as the web components' `DataSource` defines them. */
export interface DataMethods {
  scripts: { params: Record<string, never>; result: ScriptSummary[] };
  executions: { params: ExecutionsQuery; result: ExecutionsResult };
  execution: { params: { id: number }; result: ExecutionDetail };
  metricHistory: { params: Filters & { limit?: number }; result: MetricHistory };
  aggregated: { params: Filters; result: AggregatedByMetric };
  availableMetrics: { params: Record<string, never>; result: string[] };
  trendAnalysis: { params: Filters; result: TrendAnalysis };
  baseline: { params: Filters; result: BaselineJson };
  databaseStats: { params: Record<string, never>; result: DatabaseStats };
  executionStats: { params: Record<string, never>; result: ExecutionStatistics };
  exportCsv: { params: Filters; result: SavedExport };
}

/** The name of a data method. */
export type DataMethod = keyof DataMethods;

/** A question from the webview. */
export type RequestMessage = {
  [M in DataMethod]: { type: 'request'; id: number; method: M; params: DataMethods[M]['params'] };
}[DataMethod];

/** Buttons in the view that run an extension command. */
export type ViewAction = 'runScript' | 'selectDatabase' | 'openDashboard' | 'exportCsv';

/** The webview is loaded and listening: the host sends the context. */
export interface ReadyMessage {
  type: 'ready';
}

/** A button in the view was pressed. */
export interface ActionMessage {
  type: 'action';
  action: ViewAction;
}

/** Every message a webview sends. */
export type WebviewMessage = ReadyMessage | RequestMessage | ActionMessage;

/** A request with a usable id whose method or parameters are wrong: answered with an error. */
export interface InvalidRequest {
  type: 'invalid';
  id: number;
  reason: string;
}

/** The history database as the view should present it. */
export interface DatabaseState {
  /** The path as configured, resolved. */
  path: string;
  ok: boolean;
  /** Why it cannot be used (for people), when not ok. */
  message?: string;
}

/** What the view is about: the database, the file in the editor and its recorded script path. */
export interface ViewContext {
  database: DatabaseState;
  /** The file in the active editor; absent when there is none (or it is not a file). */
  file?: { name: string; relativePath: string };
  /** The recorded `script_path` that names the file; absent when it has no history. */
  script?: string;
  /** Other recorded paths naming the same file (recorded from elsewhere). */
  alsoRecordedAs: string[];
  /** The window of the charts and analysis, in days. */
  days: number;
  /** A recorded run of this file is in progress. */
  running: boolean;
}

/** The answer to a request. */
export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: { message: string; status: number } };

/** The view's subject changed (editor, settings, database). */
export interface ContextMessage {
  type: 'context';
  context: ViewContext;
}

/** Runs committed since the last message (by the extension, the CLI or runner.py). */
export interface LiveMessage {
  type: 'live';
  executions: ExecutionSummary[];
}

/** Every message the host sends. */
export type HostMessage = ResponseMessage | ContextMessage | LiveMessage;

const ACTIONS: readonly ViewAction[] = ['runScript', 'selectDatabase', 'openDashboard', 'exportCsv'];
const MAX_TEXT = 4096;

type Fields = Record<string, unknown>;
/** A parameter's check and, for the error message, what it must be. */
type Rule = readonly [check: (value: unknown) => boolean, expected: string];

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isInt = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

const TEXT: Rule = [(v) => typeof v === 'string' && v.length <= MAX_TEXT, 'a string'];
const METRIC: Rule = [(v) => typeof v === 'string' && v.length > 0 && v.length <= 200, 'a metric name'];
const DAYS: Rule = [(v) => isInt(v, 1, 365), 'a whole number of days from 1 to 365'];
const FILTERS = { script: TEXT, metric: METRIC, days: DAYS };
const NONE = {};

/** Each method's parameters; all optional except where `required` names them. */
const PARAMS: Record<DataMethod, { rules: Record<string, Rule>; required?: string[] }> = {
  scripts: { rules: NONE },
  availableMetrics: { rules: NONE },
  databaseStats: { rules: NONE },
  executionStats: { rules: NONE },
  executions: {
    rules: {
      script: TEXT,
      exitCode: [(v) => isInt(v, -2147483648, 2147483647), 'a whole number'],
      limit: [(v) => isInt(v, 1, 10_000), 'a whole number from 1 to 10000'],
      offset: [(v) => isInt(v, 0, Number.MAX_SAFE_INTEGER), 'a whole number ≥ 0'],
    },
  },
  execution: {
    rules: { id: [(v) => isInt(v, 1, Number.MAX_SAFE_INTEGER), 'a run id (a whole number ≥ 1)'] },
    required: ['id'],
  },
  metricHistory: { rules: { ...FILTERS, limit: [(v) => isInt(v, 1, 100_000), 'a whole number from 1 to 100000'] } },
  aggregated: { rules: FILTERS },
  trendAnalysis: { rules: FILTERS },
  baseline: { rules: FILTERS },
  exportCsv: { rules: FILTERS },
};

/** What is wrong with a method's parameters, naming the parameter; undefined when nothing is. */
function checkParams(method: DataMethod, params: Fields): string | undefined {
  const { rules, required = [] } = PARAMS[method];
  for (const name of required) if (params[name] === undefined) return `parameter '${name}' is required`;
  for (const [name, value] of Object.entries(params)) {
    const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
    if (!rule) return `unknown parameter '${name.slice(0, 80)}'`;
    if (value !== undefined && !rule[0](value)) return `parameter '${name}' must be ${rule[1]}`;
  }
  return undefined;
}

/** True for a known data method name. */
export function isDataMethod(value: unknown): value is DataMethod {
  return typeof value === 'string' && Object.hasOwn(PARAMS, value);
}

/**
 * Validates a message from a webview. Returns the typed message; an {@link InvalidRequest}
 * for a request that can be answered with an error (it has a usable id); undefined for
 * anything else, which the host drops.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | InvalidRequest | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'action':
      return typeof raw.action === 'string' && (ACTIONS as readonly string[]).includes(raw.action)
        ? { type: 'action', action: raw.action as ViewAction }
        : undefined;
    case 'request': {
      const id = raw.id;
      if (!isInt(id, 0, Number.MAX_SAFE_INTEGER)) return undefined;
      const requestId = id as number;
      if (!isDataMethod(raw.method)) {
        return { type: 'invalid', id: requestId, reason: `unknown method '${String(raw.method).slice(0, 80)}'` };
      }
      const params = raw.params === undefined ? {} : raw.params;
      if (!isRecord(params)) return { type: 'invalid', id: requestId, reason: 'params must be an object' };
      const problem = checkParams(raw.method, params);
      if (problem) return { type: 'invalid', id: requestId, reason: `${raw.method}: ${problem}` };
      // Copy only checked fields so nothing unexpected travels further.
      const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
      return { type: 'request', id: requestId, method: raw.method, params: clean } as RequestMessage;
    }
    default:
      return undefined;
  }
}

function isDatabaseState(value: unknown): value is DatabaseState {
  return (
    isRecord(value) &&
    typeof value.path === 'string' &&
    typeof value.ok === 'boolean' &&
    (value.message === undefined || typeof value.message === 'string')
  );
}

function isViewContext(value: unknown): value is ViewContext {
  if (!isRecord(value) || !isDatabaseState(value.database)) return false;
  const file = value.file;
  if (file !== undefined && !(isRecord(file) && typeof file.name === 'string' && typeof file.relativePath === 'string'))
    return false;
  return (
    (value.script === undefined || typeof value.script === 'string') &&
    Array.isArray(value.alsoRecordedAs) &&
    value.alsoRecordedAs.every((s) => typeof s === 'string') &&
    isInt(value.days, 1, 365) &&
    typeof value.running === 'boolean'
  );
}

/** Validates a message from the host (the webview also receives messages VS Code itself posts). */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'response': {
      if (!isInt(raw.id, 0, Number.MAX_SAFE_INTEGER)) return undefined;
      const id = raw.id as number;
      if (raw.ok === true) return { type: 'response', id, ok: true, result: raw.result };
      const error = raw.error;
      if (
        raw.ok === false &&
        isRecord(error) &&
        typeof error.message === 'string' &&
        typeof error.status === 'number'
      ) {
        return { type: 'response', id, ok: false, error: { message: error.message, status: error.status } };
      }
      return undefined;
    }
    case 'context':
      return isViewContext(raw.context) ? { type: 'context', context: raw.context } : undefined;
    case 'live':
      return Array.isArray(raw.executions) &&
        raw.executions.every((e) => isRecord(e) && typeof e.id === 'number' && typeof e.script_path === 'string')
        ? { type: 'live', executions: raw.executions as ExecutionSummary[] }
        : undefined;
    default:
      return undefined;
  }
}
