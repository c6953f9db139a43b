/**
 * Entry point of one history worker thread (started by {@link HistoryWorkerPool}): its own
 * read-only connection, its own {@link AnalysisMemo}, one task per message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isHistoryError } from '../errors.js';
import { exportCsv, type CsvExportOptions } from '../export/exportCsv.js';
import type { ExportQuery, HistoryStore } from '../store/HistoryStore.js';
import { openHistory } from '../store/openHistory.js';
import { AnalysisMemo } from './AnalysisMemo.js';
import { ANALYSIS_TASKS } from './analysisTasks.js';
import {
  toWireError,
  type StreamChunk,
  type WorkerReply,
  type WorkerRequest,
  type WorkerSetup,
} from './workerProtocol.js';

interface Session {
  store: HistoryStore;
  memo: AnalysisMemo;
}

const port = parentPort!;
const setup = workerData as WorkerSetup;
let session: Promise<Session> | undefined;
/** Exports under way, by stream id. */
const streams = new Map<number, AsyncIterator<string>>();

/** The open store, opened on first use and again after it failed for good. */
function open(): Promise<Session> {
  if (!session) {
    const opening = openHistory(setup.path, { ...setup.open, readonly: true }).then((store) => ({
      store,
      memo: new AnalysisMemo(store),
    }));
    session = opening;
    opening.catch(() => {
      if (session === opening) session = undefined;
    });
  }
  return session;
}

/**
 * A failure other than a lock held too long means the file went away, was replaced or is
 * damaged: this connection is dropped, and the next task opens the file afresh. (With
 * `reopen` the store follows the file itself, and says so in its messages.)
 */
async function forget(failed: Promise<Session>, err: unknown): Promise<void> {
  if (setup.open.reopen || !isHistoryError(err) || err.code === 'busy' || session !== failed) return;
  session = undefined;
  await (await failed.catch(() => undefined))?.store.close();
}

async function handle(request: Extract<WorkerRequest, { type: 'task' }>): Promise<WorkerReply> {
  if (!ANALYSIS_TASKS.includes(request.task))
    return { id: request.id, ok: false, error: { name: 'TypeError', message: `unknown task '${request.task}'` } };
  const current = open();
  try {
    const { memo } = await current;
    return { id: request.id, ok: true, value: await memo.run(request.task, request.query as never) };
  } catch (err) {
    await forget(current, err);
    return { id: request.id, ok: false, error: toWireError(err) };
  }
}

/** The next chunk of an export, opening it on the first pull. */
async function pull(request: Extract<WorkerRequest, { type: 'pull' }>): Promise<WorkerReply> {
  let stream = streams.get(request.stream);
  const current = open();
  try {
    if (!stream) {
      const { store } = await current;
      stream = exportCsv(store, request.query as ExportQuery, request.options as CsvExportOptions)[
        Symbol.asyncIterator
      ]();
      streams.set(request.stream, stream);
    }
    const next = await stream.next();
    if (next.done) streams.delete(request.stream);
    const value: StreamChunk = next.done ? { done: true } : { chunk: next.value, done: false };
    return { id: request.id, ok: true, value };
  } catch (err) {
    streams.delete(request.stream);
    await forget(current, err);
    return { id: request.id, ok: false, error: toWireError(err) };
  }
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'pull') {
    void pull(request).then((reply) => port.postMessage(reply));
    return;
  }
  if (request.type === 'cancel') {
    // The client went away: end the export (its generator stops reading pages).
    void streams.get(request.stream)?.return?.();
    streams.delete(request.stream);
    return;
  }
  if (request.type === 'close') {
    void (async () => {
      await (await session?.catch(() => undefined))?.store.close();
      port.close();
    })();
    return;
  }
  void handle(request).then((reply) => port.postMessage(reply));
});
