import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RegressionMessage } from '@runner-dash/core';
import type { Logger } from '../Logger.js';
import { version } from '../version.js';

/** How deliveries are retried and bounded; every field is optional. */
export interface WebhookDeliveryOptions {
  /** Tries per message, the first included (default 5). */
  attempts?: number;
  /** Wait before the first retry, doubled before each next one (default 1000 ms: 1 s, 2 s, 4 s, 8 s). */
  initialDelayMs?: number;
  /** Messages waiting at most; past it the oldest waiting one is dropped (default 100). */
  maxQueue?: number;
  /** One POST may take this long, answer included, before it counts as failed (default 10 s). */
  timeoutMs?: number;
}

/** Options of {@link WebhookNotifier}. */
export interface WebhookNotifierOptions extends WebhookDeliveryOptions {
  /** Where to POST; http or https. */
  url: string;
  log: Logger;
}

/** What one POST came to: delivered, worth another try, or not. */
type Outcome = { ok: true; status: number } | { ok: false; retry: boolean; reason: string };

const USER_AGENT = `runner-dash-server/${version} (regression webhook)`;

/**
 * Parses a webhook URL, accepting only http and https.
 * @throws RangeError naming what is wrong with it.
 */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError(`the webhook must be an http:// or https:// URL, not '${text.slice(0, 200)}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RangeError(
      `the webhook must be an http:// or https:// URL, not ${url.protocol} ('${text.slice(0, 200)}')`,
    );
  return url;
}

/**
 * POSTs each `regression` live message as JSON to a webhook, one at a time in order, off the
 * request path: {@link notify} only queues. A failed POST (network error, timeout, 5xx, 408,
 * 429) is retried with exponential backoff; other 4xx answers will not improve and are given
 * up at once. Every failure is one log line, never an exception. The queue is bounded: when
 * a webhook stays down, the oldest waiting messages are dropped (and said so), so memory
 * does not grow with the outage.
 */
export class WebhookNotifier {
  private readonly url: URL;
  /** Logged instead of the URL: its path or query is often the secret (Slack, Teams). */
  private readonly shown: string;
  private readonly queue: RegressionMessage[] = [];
  private readonly settings: Required<WebhookDeliveryOptions>;
  private readonly log: Logger;
  private running: Promise<void> | undefined;
  private closed = false;
  /** Aborts the POST or the backoff wait in progress when closing. */
  private readonly abort = new AbortController();

  constructor(options: WebhookNotifierOptions) {
    this.url = parseWebhookUrl(options.url);
    this.shown = `${this.url.origin}/…`;
    this.log = options.log;
    this.settings = {
      attempts: Math.max(1, Math.floor(options.attempts ?? 5)),
      initialDelayMs: Math.max(0, options.initialDelayMs ?? 1000),
      maxQueue: Math.max(1, Math.floor(options.maxQueue ?? 100)),
      timeoutMs: Math.max(1, options.timeoutMs ?? 10_000),
    };
  }

  /** Where messages go, for log lines: the origin only, since the rest is often a secret. */
  get target(): string {
    return this.shown;
  }

  /** Queues a message for delivery and returns at once. */
  notify(message: RegressionMessage): void {
    if (this.closed) return;
    this.queue.push(message);
    if (this.queue.length > this.settings.maxQueue) {
      const dropped = this.queue.shift()!;
      this.log.warn(
        `runner-dash-server: webhook ${this.shown}: queue full (${this.settings.maxQueue}); dropped the oldest waiting message (${describe(dropped)})`,
      );
    }
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  /** Stops delivering: the POST in flight is aborted, waiting messages are abandoned (one log line). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const waiting = this.queue.length + (this.running ? 1 : 0);
    this.queue.length = 0;
    this.abort.abort();
    await this.running;
    if (waiting > 0)
      this.log.warn(
        `runner-dash-server: webhook ${this.shown}: shutting down; abandoned ${waiting} undelivered message${waiting === 1 ? '' : 's'}`,
      );
  }

  private async drain(): Promise<void> {
    for (let message = this.queue.shift(); message && !this.closed; message = this.queue.shift())
      await this.deliver(message);
  }

  private async deliver(message: RegressionMessage): Promise<void> {
    const body = JSON.stringify(message);
    const { attempts, initialDelayMs } = this.settings;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const outcome = await this.post(body);
      if (this.closed) return;
      if (outcome.ok) {
        this.log.info(
          `runner-dash-server: webhook ${this.shown}: delivered ${describe(message)} (HTTP ${outcome.status})`,
        );
        return;
      }
      const last = attempt === attempts || !outcome.retry;
      const delay = initialDelayMs * 2 ** (attempt - 1);
      this.log.warn(
        `runner-dash-server: webhook ${this.shown}: POST of ${describe(message)} failed (${outcome.reason}), attempt ${attempt} of ${attempts}; ` +
          (last ? 'giving up on this message' : `retrying in ${formatDelay(delay)}`),
      );
      if (last) return;
      await this.sleep(delay);
    }
  }

  /** One POST; resolves with its outcome, never rejects. */
  private post(body: string): Promise<Outcome> {
    return new Promise((resolve) => {
      const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
      let settled = false;
      const finish = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      const req = send(this.url, {
        method: 'POST',
        // No pooled sockets: a webhook fires rarely, and a kept-alive socket would outlive shutdown.
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': USER_AGENT,
          Connection: 'close',
        },
        signal: this.abort.signal,
        timeout: this.settings.timeoutMs,
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${formatDelay(this.settings.timeoutMs)}`)));
      req.on('error', (err: NodeJS.ErrnoException) =>
        finish({
          ok: false,
          retry: true,
          reason: err.code && err.code !== 'ABORT_ERR' ? `${err.code}: ${err.message}` : err.message,
        }),
      );
      req.on('response', (res: IncomingMessage) => {
        // The body is of no interest, but it must be read for the socket to close.
        res.resume();
        res.on('error', () => {});
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return finish({ ok: true, status });
        const retry = status >= 500 || status === 408 || status === 429;
        finish({ ok: false, retry, reason: `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}` });
      });
      req.end(body);
    });
  }

  /** Waits, or less when closing. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.abort.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}

/** `the +31.2 % regression of etl/load.py at run #2256`, for log lines. */
function describe(message: RegressionMessage): string {
  const c = message.change_point;
  const sign = c.change_percent > 0 ? '+' : '';
  return `the ${sign}${c.change_percent} % ${c.direction} of ${message.script_path} at run #${c.execution_id}`;
}

function formatDelay(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
