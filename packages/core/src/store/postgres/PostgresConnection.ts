import { createHash } from 'node:crypto';
import type pg from 'pg';
import { HistoryError } from '../../errors.js';
import { toPgHistoryError } from './toPgHistoryError.js';

type Row = Record<string, unknown>;

/**
 * The reads of a PostgreSQL history over a pool. Every SQL text becomes a named prepared
 * statement (its name a hash of the text), which `pg` prepares once per connection and
 * then only executes — the PostgreSQL twin of the SQLite statement cache. Failures come
 * out as {@link HistoryError}s naming the URL.
 */
export class PostgresConnection {
  private readonly names = new Map<string, string>();
  private closed = false;

  constructor(
    readonly pool: pg.Pool,
    /** The URL without its password. */
    readonly location: string,
  ) {}

  /** Rows of `sql` with positional parameters `$1…`. */
  async rows<T = Row>(sql: string, values: readonly unknown[] = []): Promise<T[]> {
    this.assertOpen();
    try {
      const result = await this.pool.query({ name: this.nameOf(sql), text: sql, values: values as unknown[] });
      return result.rows as T[];
    } catch (err) {
      throw toPgHistoryError(err, this.location);
    }
  }

  /** Rows of `sql` as arrays of column values: for many small rows, cheaper than objects. */
  async arrays<T extends unknown[] = unknown[]>(sql: string, values: readonly unknown[] = []): Promise<T[]> {
    this.assertOpen();
    try {
      const result = await this.pool.query({
        name: this.nameOf(sql),
        text: sql,
        values: values as unknown[],
        rowMode: 'array',
      });
      return result.rows as T[];
    } catch (err) {
      throw toPgHistoryError(err, this.location);
    }
  }

  /** The first row of `sql`, or undefined. */
  async row<T = Row>(sql: string, values: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.rows<T>(sql, values))[0];
  }

  /** Ends the pool; later reads fail with a `closed` HistoryError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private nameOf(sql: string): string {
    let name = this.names.get(sql);
    if (name === undefined) {
      name = `rd_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      this.names.set(sql, name);
    }
    return name;
  }

  private assertOpen(): void {
    if (this.closed)
      throw new HistoryError('closed', this.location, `the history store for ${this.location} was closed`);
  }
}
