import type { LiveMessage, LiveStatus } from './apiTypes.js';

/** Options of {@link LiveSocket}. */
export interface LiveSocketOptions {
  /** Full `ws:`/`wss:` URL of the feed, token included when there is one. */
  url: string;
  onMessage(message: LiveMessage): void;
  onStatus(status: LiveStatus): void;
  /** Delays before each reconnection attempt; defaults to {@link backoffDelay}. */
  backoff?: (attempt: number) => number;
  /**
   * Reconnect when nothing arrived for this long (ms). The server sends a snapshot every
   * 2 s, so silence means a dead link that TCP has not noticed yet.
   */
  silenceTimeoutMs?: number;
}

/** Failed attempts in a row after which the status says `offline` instead of `reconnecting`. */
const OFFLINE_AFTER = 3;
const PING_EVERY_MS = 20_000;

/**
 * Exponential backoff with a cap and a little jitter, so a restarted server is not hit by
 * every open page at the same millisecond: 0.5 s, 1 s, 2 s, 4 s, 8 s, then 10 s.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.85 + 0.3 * random()));
}

/**
 * A WebSocket to the live feed that keeps itself open: it reconnects with backoff after a
 * close or a long silence and reports its state. Malformed messages are dropped.
 */
export class LiveSocket {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private status: LiveStatus = 'connecting';

  constructor(private readonly options: LiveSocketOptions) {}

  /** Opens the connection (idempotent). */
  start(): void {
    this.stopped = false;
    if (!this.socket && !this.retryTimer) this.connect();
  }

  /** Closes the connection for good and cancels any pending reconnection. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    clearInterval(this.pingTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus(status);
  }

  private connect(): void {
    this.retryTimer = undefined;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.setStatus('connected');
      this.armSilenceTimer();
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
    });
    socket.addEventListener('message', (event) => {
      if (socket !== this.socket) return;
      this.armSilenceTimer();
      const message = parseMessage(event.data);
      if (message) this.options.onMessage(message);
    });
    const gone = (): void => {
      if (socket !== this.socket) return;
      this.socket = undefined;
      if (socket.readyState === WebSocket.OPEN) socket.close();
      clearInterval(this.pingTimer);
      clearTimeout(this.silenceTimer);
      if (!this.stopped) this.scheduleReconnect();
    };
    socket.addEventListener('close', gone);
    // Browsers follow an 'error' with 'close'; Node's WebSocket reports a refused
    // connection with 'error' alone, so either one ends this socket.
    socket.addEventListener('error', gone);
  }

  private scheduleReconnect(): void {
    this.setStatus(this.attempt >= OFFLINE_AFTER ? 'offline' : 'reconnecting');
    const delay = (this.options.backoff ?? backoffDelay)(this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private armSilenceTimer(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      const socket = this.socket;
      this.socket = undefined;
      socket?.close();
      if (!this.stopped) this.scheduleReconnect();
    }, this.options.silenceTimeoutMs ?? 10_000);
  }

  private send(message: { type: 'ping' }): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

/** The feed's message, or undefined for anything that is not a known `type`-tagged object. */
export function parseMessage(data: unknown): LiveMessage | undefined {
  if (typeof data !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const type = (parsed as { type?: unknown }).type;
  if (type === 'snapshot') return parsed as LiveMessage;
  if (type === 'executions' && Array.isArray((parsed as { executions?: unknown }).executions)) {
    return parsed as LiveMessage;
  }
  if (type === 'regression' && typeof (parsed as { change_point?: unknown }).change_point === 'object') {
    return parsed as LiveMessage;
  }
  return undefined;
}
