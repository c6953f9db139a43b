import pg from 'pg';
import type { ChangeCursor, ChangeSet } from '../HistoryStore.js';
import { SUMMARY_COLUMNS, toExecutionSummary } from '../sqlite/rowMapping.js';
import { HISTORY_CHANNEL } from './createPostgresSchema.js';
import type { PostgresConnection } from './PostgresConnection.js';

/** What one notification said: new execution ids (as ranges), or only "something changed". */
interface Announcement {
  version: number;
  /** [lo, hi] id ranges of new executions; empty for other changes. */
  ranges: Array<[number, number]>;
  /** The listener was away: commits may have gone unheard, so look by id instead. */
  resync?: boolean;
}

/** The cursor of a PostgreSQL store; `resume` marks a poll cut at {@link MAX_ROWS}. */
interface PgCursor extends ChangeCursor {
  resume?: { version: number; afterId: number };
}

/** Bounded so a burst of thousands of runs goes out over several polls, never as one giant read. */
const MAX_ROWS = 1000;
/** Announcements kept for pollers that fall behind; older cursors fall back to reading by id. */
const KEEP = 10_000;
const RECONNECT_MS = 1000;

const MAX_ID = 'SELECT COALESCE(MAX(id), 0) AS max_id FROM executions';
const AFTER_ID = `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE id > $1 ORDER BY id LIMIT ${MAX_ROWS}`;
// One index range scan per announced range; DISTINCT because the ranges of two concurrent
// bulk inserts may interleave.
const IN_RANGES = `
  SELECT DISTINCT ON (e.id) e.* FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS r(lo, hi, after)
  CROSS JOIN LATERAL (
    SELECT ${SUMMARY_COLUMNS} FROM executions
    WHERE id BETWEEN r.lo AND r.hi AND id > r.after ORDER BY id LIMIT ${MAX_ROWS}
  ) AS e
  ORDER BY e.id LIMIT ${MAX_ROWS}`;

/**
 * Change detection of a PostgreSQL history by LISTEN/NOTIFY: one dedicated connection
 * listens on the channel the schema's triggers notify after every commit, and counts the
 * notifications. An idle history costs a poll nothing — no query at all — and a new run
 * costs one index lookup of exactly the ids its notification named, so every run
 * recorded anywhere (another server's recorder, the ingest route, psql) is reported once,
 * even when transactions commit out of id order.
 *
 * When the listening connection drops it reconnects every second; commits made while it
 * was away are found by id (`id > cursor`) on the next poll.
 */
export class PostgresChangeFeed {
  private client: pg.Client | undefined;
  private version = 0;
  private readonly log: Announcement[] = [];
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly url: string,
    private readonly conn: PostgresConnection,
  ) {}

  /** Connects the listener; resolves once LISTEN is in place, so no later commit goes unheard. */
  static async start(url: string, conn: PostgresConnection): Promise<PostgresChangeFeed> {
    const feed = new PostgresChangeFeed(url, conn);
    await feed.listen();
    return feed;
  }

  /** See `HistoryStore.pollChanges`. */
  async poll(since?: ChangeCursor): Promise<ChangeSet> {
    const version = this.version;
    if (!since) {
      const max = await this.conn.row<{ max_id: number }>(MAX_ID);
      return { cursor: { dataVersion: version, maxExecutionId: max?.max_id ?? 0 }, changed: false, executions: [] };
    }
    if (since.dataVersion === version && !(since as PgCursor).resume) {
      return { cursor: since, changed: false, executions: [] };
    }
    const pending = this.log.filter((a) => a.version > since.dataVersion && a.version <= version);
    const heardAll = this.log.length > 0 && this.log[0]!.version <= since.dataVersion + 1;
    if (since.dataVersion > version || !heardAll || pending.some((a) => a.resync)) return this.pollById(since, version);
    const resume = (since as PgCursor).resume;
    const lo: number[] = [];
    const hi: number[] = [];
    const after: number[] = [];
    for (const a of pending) {
      for (const [l, h] of a.ranges) {
        lo.push(l);
        hi.push(h);
        after.push(resume && a.version <= resume.version ? resume.afterId : 0);
      }
    }
    const rows = lo.length ? (await this.conn.rows(IN_RANGES, [lo, hi, after])).map(toExecutionSummary) : [];
    const maxExecutionId = Math.max(since.maxExecutionId, ...rows.map((r) => r.id));
    if (rows.length === MAX_ROWS) {
      // Cut: everything announced up to `version` with an id at or below the last row is done.
      const cursor: PgCursor = {
        dataVersion: since.dataVersion,
        maxExecutionId,
        resume: { version, afterId: rows[rows.length - 1]!.id },
      };
      return { cursor, changed: true, executions: rows };
    }
    return { cursor: { dataVersion: version, maxExecutionId }, changed: true, executions: rows };
  }

  /** Stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  // When announcements were missed, new runs are the ids above the cursor (the best a
  // sequence can tell); the cursor then moves to the present.
  private async pollById(since: ChangeCursor, version: number): Promise<ChangeSet> {
    const rows = (await this.conn.rows(AFTER_ID, [since.maxExecutionId])).map(toExecutionSummary);
    const maxExecutionId = rows.length ? rows[rows.length - 1]!.id : since.maxExecutionId;
    const cursor = { dataVersion: rows.length === MAX_ROWS ? since.dataVersion : version, maxExecutionId };
    return { cursor, changed: true, executions: rows };
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'runner-dash listener' });
    client.on('notification', (msg) => {
      if (msg.channel === HISTORY_CHANNEL) this.announce({ ranges: parsePayload(msg.payload) });
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    try {
      await client.query(`LISTEN ${HISTORY_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
  }

  private announce(a: Omit<Announcement, 'version'>): void {
    this.log.push({ version: ++this.version, ...a });
    if (this.log.length > KEEP) this.log.splice(0, this.log.length - KEEP);
  }

  private lost(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.reconnectTimer = setTimeout(() => {
      this.listen()
        .then(() => this.announce({ ranges: [], resync: true }))
        .catch(() => this.scheduleReconnect());
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }
}

/** `ids:7,8` → [[7,7],[8,8]]; `range:9:5000` → [[9,5000]]; anything else → []. */
function parsePayload(payload: string | undefined): Array<[number, number]> {
  if (payload?.startsWith('ids:')) {
    return payload
      .slice(4)
      .split(',')
      .map(Number)
      .filter(Number.isSafeInteger)
      .map((id) => [id, id]);
  }
  const range = /^range:(\d+):(\d+)$/.exec(payload ?? '');
  return range ? [[Number(range[1]), Number(range[2])]] : [];
}
