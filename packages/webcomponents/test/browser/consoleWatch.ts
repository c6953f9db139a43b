import type { Page } from 'playwright-core';

/** Console errors and uncaught exceptions of a page, collected while a test runs. */
export interface ConsoleWatch {
  errors: string[];
  /**
   * Tolerates messages matching `pattern` from now until the returned function is called:
   * for the browser's own "connection refused" lines while a test stops the server on purpose.
   */
  tolerate(pattern: RegExp): () => void;
}

/** Starts collecting a page's console errors (type `error`) and uncaught exceptions. */
export function watchConsole(page: Page): ConsoleWatch {
  const tolerated: RegExp[] = [];
  const errors: string[] = [];
  const allowed = (text: string) => tolerated.some((re) => re.test(text));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    const text = `${message.text()}${where ? ` (${where})` : ''}`;
    if (!allowed(text)) errors.push(text);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.stack ?? error.message}`));
  return {
    errors,
    tolerate(pattern) {
      tolerated.push(pattern);
      return () => tolerated.splice(tolerated.indexOf(pattern), 1);
    },
  };
}
