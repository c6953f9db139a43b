import { HistoryError } from '../../errors.js';

/**
 * Translates a `pg` (or socket) error met at `location` (a URL without its password)
 * into a {@link HistoryError} that says what to do; anything else passes unchanged.
 */
export function toPgHistoryError(err: unknown, location: string): unknown {
  if (err instanceof HistoryError || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  const text = err.message;
  const make = (kind: ConstructorParameters<typeof HistoryError>[0], message: string): HistoryError =>
    new HistoryError(kind, location, message, { cause: err });
  switch (code) {
    case '3D000':
      return make(
        'missing',
        `the PostgreSQL database of ${location} does not exist (${text}); create it (createdb) or fix the URL`,
      );
    case '42P01':
      return make(
        'not-history',
        `${location} has no history tables (${text}); create them with 'runner-dash db init --db ${location}'`,
      );
    case '28P01':
    case '28000':
      return make(
        'unreadable',
        `PostgreSQL refused the login for ${location} (${text}); check the user and password in the URL`,
      );
    case '42501':
      return make(
        'unreadable',
        `the PostgreSQL user of ${location} lacks a privilege (${text}); grant it or use another user`,
      );
    case '40001':
    case '40P01':
    case '55P03':
    case '57014':
      return make('busy', `PostgreSQL at ${location} gave up on a lock or a slow statement (${text}); try again`);
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ECONNRESET':
    case 'ETIMEDOUT':
    case '57P01':
    case '57P03':
      return make(
        'unreadable',
        `cannot reach PostgreSQL at ${location} (${text || String(code)}); is the server running and the URL right?`,
      );
  }
  if (/timeout exceeded when trying to connect|Connection terminated/i.test(text)) {
    return make(
      'unreadable',
      `cannot reach PostgreSQL at ${location} (${text}); is the server running and the URL right?`,
    );
  }
  if (/Client was closed|Cannot use a pool after calling end/i.test(text)) {
    return make('closed', `the connection to ${location} was closed`);
  }
  return err;
}
