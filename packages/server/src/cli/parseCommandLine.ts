import { parseArgs } from 'node:util';
import { DEFAULT_HISTORY_FILE } from '@runner-dash/core';
import { parseWebhookUrl } from '../live/WebhookNotifier.js';

/** What the command line asks for. */
export type CommandLine =
  | { action: 'help' }
  | { action: 'version' }
  | {
      action: 'serve';
      /** Database path; undefined with `demo`. */
      db: string | undefined;
      demo: boolean;
      host: string;
      port: number;
      corsOrigins: string[];
      token: string | undefined;
      basePath: string | undefined;
      /** POST each `regression` live message here (http or https). */
      notifyWebhook: string | undefined;
      /** Scripts /metrics reports by name; the rest are folded into `other`. */
      metricsMaxScripts: number;
      /** Accept runs on POST /api/ingest/executions (needs a token). */
      ingest: boolean;
    };

/** A mistake on the command line or in the environment: one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `--help` text. */
export const USAGE = `runner-dash-server — the runner-dash dashboard over a script-run history database

usage: runner-dash-server [options]

options:
  --db FILE|URL          history database file or postgres:// URL (default: script_runner_history.db here)   [DASHBOARD_DB]
  --port N               port to listen on (default 8000; 0 picks a free one)                 [DASHBOARD_PORT]
  --host ADDRESS         address to bind (default 127.0.0.1, this machine only)               [DASHBOARD_HOST]
  --cors-origin ORIGIN…  origins allowed to call the API from a browser (default: any)        [DASHBOARD_CORS_ORIGINS, comma-separated]
  --token TOKEN          require 'Authorization: Bearer TOKEN' for the API and ?token= for the feed  [DASHBOARD_TOKEN]
  --base-path /PREFIX    serve everything under a prefix, for reverse proxies
  --notify-webhook URL   POST each confirmed regression as JSON to URL (http/https; retried)  [DASHBOARD_NOTIFY_WEBHOOK]
  --metrics-max-scripts N  scripts /metrics reports by name, most recently run first; the rest
                         are summed as script="other" (default 100)                          [DASHBOARD_METRICS_MAX_SCRIPTS]
  --ingest               accept runs from other machines on POST /api/ingest/executions
                         (runner-dash run --server URL); needs --token                       [DASHBOARD_INGEST=1]
  --demo                 use a generated demo database in your cache folder (renewed daily)
  -h, --help             show this help
  -v, --version          show the version

Flags win over the environment. The database is only read, never written — unless --ingest
is given, when runs sent by other machines are added to it.
`;

function parsePort(text: string, source: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(port >= 0 && port <= 65535))
    throw new UsageError(`${source} must be a port number from 0 to 65535, not '${text}'`);
  return port;
}

function parseCount(text: string, source: string): number {
  const count = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(count))
    throw new UsageError(`${source} must be a whole number from 0 to 999999, not '${text}'`);
  return count;
}

/** The webhook URL as given, once it is known to be http(s); a mistake names its source. */
function checkWebhook(text: string | undefined, source: string): string | undefined {
  if (text === undefined) return undefined;
  try {
    parseWebhookUrl(text);
  } catch (err) {
    throw new UsageError(`${source}: ${(err as Error).message}`);
  }
  return text;
}

const splitOrigins = (values: string[]): string[] =>
  values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');

/**
 * Reads the command line and the `DASHBOARD_*` environment variables (flags win).
 * @throws {@link UsageError} for unknown flags and bad values.
 */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): CommandLine {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        token: { type: 'string' },
        'base-path': { type: 'string' },
        'notify-webhook': { type: 'string' },
        'metrics-max-scripts': { type: 'string' },
        ingest: { type: 'boolean' },
        demo: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? String(err));
  }
  if (values.help) return { action: 'help' };
  if (values.version) return { action: 'version' };
  // `--cors-origin a b c`: extra words after the flag are more origins, as the usage shows.
  const origins = [...(values['cors-origin'] ?? [])];
  if (positionals.length > 0) {
    if (origins.length === 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    origins.push(...positionals);
  }
  const demo = values.demo ?? false;
  const db = values.db ?? (demo ? undefined : env.DASHBOARD_DB || DEFAULT_HISTORY_FILE);
  if (demo && values.db !== undefined) throw new UsageError('--demo and --db exclude each other; use one');
  const portText = values.port ?? env.DASHBOARD_PORT;
  const port =
    portText === undefined || portText === '' ? 8000 : parsePort(portText, values.port ? '--port' : 'DASHBOARD_PORT');
  const token = values.token ?? (env.DASHBOARD_TOKEN || undefined);
  if (token !== undefined && token.trim() === '') throw new UsageError('--token must not be empty');
  const notifyWebhook = checkWebhook(
    values['notify-webhook'] ?? (env.DASHBOARD_NOTIFY_WEBHOOK || undefined),
    values['notify-webhook'] !== undefined ? '--notify-webhook' : 'DASHBOARD_NOTIFY_WEBHOOK',
  );
  const maxScriptsText = values['metrics-max-scripts'] ?? env.DASHBOARD_METRICS_MAX_SCRIPTS;
  const metricsMaxScripts =
    maxScriptsText === undefined || maxScriptsText === ''
      ? 100
      : parseCount(
          maxScriptsText,
          values['metrics-max-scripts'] !== undefined ? '--metrics-max-scripts' : 'DASHBOARD_METRICS_MAX_SCRIPTS',
        );
  const ingest = values.ingest ?? env.DASHBOARD_INGEST === '1';
  if (ingest && token === undefined)
    throw new UsageError('--ingest needs --token TOKEN: the server must never accept anonymous writes');
  return {
    action: 'serve',
    db,
    demo,
    host: values.host ?? (env.DASHBOARD_HOST || '127.0.0.1'),
    port,
    corsOrigins: origins.length > 0 ? splitOrigins(origins) : splitOrigins([env.DASHBOARD_CORS_ORIGINS ?? '']),
    token,
    basePath: values['base-path'],
    notifyWebhook,
    metricsMaxScripts,
    ingest,
  };
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
