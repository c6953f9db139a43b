import { isHistoryError } from '@runner-dash/core';
import type { Filters } from '@runner-dash/webcomponents';
import {
  parseWebviewMessage,
  type HostMessage,
  type RequestMessage,
  type SavedExport,
  type ViewAction,
  type ViewContext,
} from '../protocol.js';
import { answerRequest, RequestError, type StoreMethod } from './answerRequest.js';
import { DatabaseUnavailableError, type HistoryConnection } from './HistoryConnection.js';

/** Where the bridge's answers come from: a {@link HistoryConnection}, or whatever stands for the current one. */
export type HistorySource = Pick<HistoryConnection, 'state' | 'use' | 'listen'>;

/** The part of `vscode.Webview` the bridge uses (so tests can pass a real pair of ports). */
export interface WebviewPort {
  postMessage(message: HostMessage): PromiseLike<boolean>;
  onDidReceiveMessage(listener: (message: unknown) => void): { dispose(): void };
}

/** What the bridge asks of the extension. */
export interface BridgeHooks {
  /** The view's subject now. */
  context(): ViewContext;
  /** A button in the view asks for a command. */
  action(action: ViewAction): void;
  /** Asks where to save and writes the CSV; rejects with a {@link RequestError} when cancelled. */
  saveCsv(filters: Filters): Promise<SavedExport>;
  /** The clock of the time windows (tests pin it). */
  now?: Date | string;
  /** Where a failure the view cannot show goes (the output channel). */
  log?(message: string): void;
}

/**
 * Connects one webview to the history: answers its requests through core, forwards new
 * runs as they are committed, and sends the context when asked or when the webview
 * (re)loads. Malformed messages are dropped; a malformed request with an id gets an error
 * answer so the webview never waits forever.
 */
export class WebviewBridge {
  private readonly subscriptions: Array<() => void> = [];
  private disposed = false;

  constructor(
    private readonly port: WebviewPort,
    private readonly connection: HistorySource,
    private readonly hooks: BridgeHooks,
  ) {
    const received = port.onDidReceiveMessage((raw) => void this.receive(raw));
    this.subscriptions.push(
      () => received.dispose(),
      connection.listen({ changed: (executions) => this.post({ type: 'live', executions }) }),
    );
  }

  /** Sends the current context (the editor, the settings or the database changed). */
  sendContext(): void {
    this.post({ type: 'context', context: this.hooks.context() });
  }

  dispose(): void {
    this.disposed = true;
    for (const stop of this.subscriptions.splice(0)) stop();
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message || this.disposed) return;
    switch (message.type) {
      case 'ready':
        this.sendContext();
        return;
      case 'action':
        this.hooks.action(message.action);
        return;
      case 'invalid':
        this.post({ type: 'response', id: message.id, ok: false, error: { message: message.reason, status: 400 } });
        return;
      case 'request':
        await this.answer(message);
        return;
    }
  }

  private async answer(request: RequestMessage): Promise<void> {
    try {
      const result =
        request.method === 'exportCsv'
          ? await this.hooks.saveCsv(request.params)
          : await this.connection.use((store) =>
              answerRequest(store, request as Extract<RequestMessage, { method: StoreMethod }>, {
                now: this.hooks.now,
              }),
            );
      this.post({ type: 'response', id: request.id, ok: true, result });
    } catch (err) {
      const { message, status } = describeFailure(err);
      if (status >= 500 && status !== 503) this.hooks.log?.(`${request.method} failed: ${message}`);
      this.post({ type: 'response', id: request.id, ok: false, error: { message, status } });
    }
  }

  private post(message: HostMessage): void {
    if (this.disposed) return;
    // A hidden or closed view refuses messages; it asks again (ready) when it is back.
    Promise.resolve(this.port.postMessage(message)).then(undefined, () => undefined);
  }
}

function describeFailure(err: unknown): { message: string; status: number } {
  if (err instanceof RequestError) return { message: err.message, status: err.status };
  if (err instanceof DatabaseUnavailableError || isHistoryError(err)) return { message: err.message, status: 503 };
  if (err instanceof RangeError) return { message: err.message, status: 400 };
  return { message: `Runner Dash could not answer: ${err instanceof Error ? err.message : String(err)}`, status: 500 };
}
