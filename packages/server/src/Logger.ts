/** Where the server writes what happened; `console` by default, something quieter in tests. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

/** Logs to the console: info to stdout, warnings and errors to stderr. */
export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message, err) => (err === undefined ? console.error(message) : console.error(message, err)),
};

/** Drops everything (for tests and benchmarks). */
export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
