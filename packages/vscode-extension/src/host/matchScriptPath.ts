/**
 * How well a recorded `script_path` names the file in the editor, best first:
 * - `absolute`: the same absolute path;
 * - `workspace`: a relative path that, resolved against a workspace folder, is the file;
 * - `suffix`: the file's trailing path segments (recorded from another folder or machine);
 * - `name`: only the file name is recorded (`runner.py slow.py` run inside its folder).
 */
export type MatchKind = 'absolute' | 'workspace' | 'suffix' | 'name';

/** One recorded path that names the file. */
export interface ScriptMatch {
  scriptPath: string;
  kind: MatchKind;
}

/** Where the file is and what counts as "the same path". */
export interface MatchContext {
  /** Absolute path of the file in the editor. */
  file: string;
  /** Absolute paths of the workspace folders. */
  workspaceFolders: readonly string[];
  /** Compare case-insensitively (Windows and macOS file systems). Default: true on Windows. */
  ignoreCase?: boolean;
}

const RANK: Record<MatchKind, number> = { absolute: 0, workspace: 1, suffix: 2, name: 3 };

/**
 * Splits a path into its segments, tolerating both separators, `./`, doubled separators
 * and `..`; a drive letter is kept as the first segment (`c:`) in lower case.
 */
export function pathSegments(path: string): { absolute: boolean; segments: string[] } {
  const slashed = path.trim().replace(/\\/g, '/');
  const drive = /^([a-zA-Z]):(\/|$)/.exec(slashed);
  const absolute = drive !== null || slashed.startsWith('/');
  const segments: string[] = drive ? [`${drive[1]!.toLowerCase()}:`] : [];
  for (const part of (drive ? slashed.slice(2) : slashed).split('/')) {
    if (part === '' || part === '.') continue;
    const last = segments[segments.length - 1];
    // `..` above the root of an absolute path stays at the root, as the OS does.
    if (part === '..' && last !== undefined && last !== '..' && !(drive && segments.length === 1)) segments.pop();
    else if (part === '..' && absolute) continue;
    else segments.push(part);
  }
  return { absolute, segments };
}

/** The path with `/` separators and no `.`/`..` segments, for comparing. */
export function normalizePath(path: string): string {
  const { absolute, segments } = pathSegments(path);
  const joined = segments.join('/');
  return absolute && !/^[a-z]:$/.test(segments[0] ?? '') ? `/${joined}` : joined;
}

function endsWithSegments(whole: readonly string[], tail: readonly string[]): boolean {
  if (tail.length === 0 || tail.length > whole.length) return false;
  const offset = whole.length - tail.length;
  return tail.every((segment, i) => whole[offset + i] === segment);
}

/**
 * The recorded paths that name `context.file`, best match first (then in the order given,
 * which callers make "most recently run first"). Runs recorded by runner.py, by the
 * `runner-dash` CLI in a terminal and by this extension name the same script differently;
 * all of them belong to the file.
 */
export function matchScriptPath(candidates: readonly string[], context: MatchContext): ScriptMatch[] {
  const fold = context.ignoreCase ?? process.platform === 'win32';
  const key = (path: string): string[] => {
    const { segments } = pathSegments(fold ? path.toLowerCase() : path);
    return segments;
  };
  const file = key(context.file);
  if (file.length === 0) return [];
  const folders = context.workspaceFolders.map(key).filter((f) => f.length > 0 && endsWithPrefix(file, f));
  const relativeInFolders = folders.map((f) => file.slice(f.length));
  const name = file[file.length - 1]!;
  const found: Array<ScriptMatch & { order: number }> = [];
  candidates.forEach((candidate, order) => {
    if (typeof candidate !== 'string' || candidate.trim() === '') return;
    const parsed = pathSegments(fold ? candidate.toLowerCase() : candidate);
    const segments = parsed.segments;
    let kind: MatchKind | undefined;
    if (parsed.absolute) {
      if (sameSegments(segments, file)) kind = 'absolute';
      else if (relativeInFolders.some((rel) => rel.length > 1 && endsWithSegments(segments, rel))) kind = 'suffix';
    } else if (folders.some((f) => sameSegments(resolveUnder(f, candidate, fold), file))) {
      kind = 'workspace';
    } else if (segments.length === 1 && segments[0] === name) {
      kind = 'name';
    } else if (segments.length > 1 && !segments.includes('..') && endsWithSegments(file, segments)) {
      kind = 'suffix';
    }
    if (kind) found.push({ scriptPath: candidate, kind, order });
  });
  return found
    .sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.order - b.order)
    .map(({ scriptPath, kind }) => ({ scriptPath, kind }));
}

/**
 * The path to record a run of `file` under, as the design asks: relative to the workspace
 * folder holding it (with `/`), so runs from VS Code and from a terminal there share a series.
 * Undefined when the file lies outside every folder.
 */
export function workspaceRelativePath(
  file: string,
  workspaceFolders: readonly string[],
  ignoreCase = process.platform === 'win32',
): { folder: string; relativePath: string } | undefined {
  const original = pathSegments(file).segments;
  const fileKey = pathSegments(ignoreCase ? file.toLowerCase() : file).segments;
  // The innermost folder wins in nested multi-root workspaces.
  let best: { folder: string; depth: number } | undefined;
  for (const folder of workspaceFolders) {
    const folderKey = pathSegments(ignoreCase ? folder.toLowerCase() : folder).segments;
    if (folderKey.length > 0 && folderKey.length < fileKey.length && endsWithPrefix(fileKey, folderKey)) {
      if (!best || folderKey.length > best.depth) best = { folder, depth: folderKey.length };
    }
  }
  if (!best) return undefined;
  return { folder: best.folder, relativePath: original.slice(best.depth).join('/') };
}

function endsWithPrefix(whole: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= whole.length && prefix.every((segment, i) => whole[i] === segment);
}

function sameSegments(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

function resolveUnder(folder: readonly string[], relative: string, fold: boolean): string[] {
  const rel = pathSegments(fold ? relative.toLowerCase() : relative).segments;
  const out = [...folder];
  for (const part of rel) {
    if (part === '..') {
      if (out.length > 1) out.pop();
    } else out.push(part);
  }
  return out;
}
