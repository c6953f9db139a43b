/** The soak's WebSocket clients: each keeps the run ids it was sent, to prove none is lost or repeated. */
import type { LiveMessage } from '@runner-dash/core';
import WebSocket from 'ws';

interface Client {
  ws: WebSocket;
  ids: Set<number>;
  duplicates: number;
  closedEarly: boolean;
}

/** What the clients saw against what was written. */
export interface Delivery {
  clients: number;
  /** Fewest and most of the written runs any one client received. */
  minDelivered: number;
  maxDelivered: number;
  /** Clients that missed at least one written run. */
  clientsMissingRuns: number;
  duplicates: number;
  /** Runs a client was sent that nobody wrote (stale or foreign data). */
  unexpected: number;
  closedEarly: number;
}

export class LiveClients {
  private readonly clients: Client[] = [];

  /** Connects `count` clients, `batch` at a time; rejects when one cannot connect. */
  async connect(wsUrl: string, count: number, batch = 50): Promise<void> {
    for (let i = 0; i < count; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => this.connectOne(wsUrl)));
    }
  }

  private connectOne(wsUrl: string): Promise<void> {
    const client: Client = { ws: new WebSocket(wsUrl), ids: new Set(), duplicates: 0, closedEarly: false };
    client.ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as LiveMessage;
      if (message.type !== 'executions') return;
      for (const e of message.executions) {
        if (client.ids.has(e.id)) client.duplicates++;
        client.ids.add(e.id);
      }
    });
    this.clients.push(client);
    return new Promise((resolve, reject) => {
      client.ws.once('open', () => {
        client.ws.once('close', () => (client.closedEarly = true));
        // A later error also closes the socket, which is what gets counted.
        client.ws.on('error', () => undefined);
        resolve();
      });
      client.ws.once('error', reject);
    });
  }

  /** Compares what each client received with the runs written meanwhile. */
  delivery(written: ReadonlySet<number>): Delivery {
    let min = Infinity;
    let max = 0;
    let missing = 0;
    let duplicates = 0;
    let unexpected = 0;
    for (const c of this.clients) {
      let got = 0;
      for (const id of written) if (c.ids.has(id)) got++;
      for (const id of c.ids) if (!written.has(id)) unexpected++;
      min = Math.min(min, got);
      max = Math.max(max, got);
      if (got < written.size) missing++;
      duplicates += c.duplicates;
    }
    return {
      clients: this.clients.length,
      minDelivered: this.clients.length ? min : 0,
      maxDelivered: max,
      clientsMissingRuns: missing,
      duplicates,
      unexpected,
      closedEarly: this.clients.filter((c) => c.closedEarly).length,
    };
  }

  close(): void {
    for (const c of this.clients) {
      c.ws.removeAllListeners('close');
      c.ws.terminate();
    }
  }
}
