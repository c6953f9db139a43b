/** True when `location` names a PostgreSQL database (`postgres://…` or `postgresql://…`) rather than a file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * The URL without its password, for messages, logs and `HistoryStore.location`: a
 * dashboard shows where its history lives but must not show the secret that opens it.
 * Anything that is not a PostgreSQL URL (a file path) comes back unchanged.
 */
export function redactPostgresUrl(url: string): string {
  if (!isPostgresUrl(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not parseable as a URL: drop anything between "//user:" and "@" by hand.
    return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
  }
}
