import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

// Linux exposes each task's children directly (CONFIG_PROC_CHILDREN, on in every
// mainstream kernel); without it we fall back to scanning every /proc/<pid>/stat.
const hasProcChildren = process.platform === 'linux' && existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

/**
 * Every live descendant of `rootPid` (not the root itself), parents before their
 * children. Linux reads /proc (microseconds, no process spawned); other POSIX systems ask
 * `ps`; Windows, where neither exists, gets an empty list and callers fall back to the root.
 */
export async function listDescendants(rootPid: number): Promise<number[]> {
  if (process.platform === 'linux') return listDescendantsFromProc(rootPid);
  if (process.platform === 'win32') return [];
  return descendantsOf(rootPid, await parentsFromPs());
}

function listDescendantsFromProc(rootPid: number): number[] {
  if (!hasProcChildren) return descendantsOf(rootPid, parentsFromProcStat());
  const found: number[] = [];
  const queue = [rootPid];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of childrenOf(pid)) {
      if (seen.has(child)) continue;
      seen.add(child);
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

// A multi-threaded process has its children spread over its threads' `children` files.
function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // gone already
  }
  const children: number[] = [];
  for (const tid of tasks) {
    try {
      for (const word of readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ')) {
        if (word !== '') children.push(Number(word));
      }
    } catch {
      // the thread ended between readdir and read
    }
  }
  return children;
}

function parentsFromProcStat(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      // The command name may contain spaces and parentheses: fields resume after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // exited while we looked
    }
  }
  return parents;
}

function parentsFromPs(): Promise<Map<number, number>> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid='], { timeout: 2000 }, (err, stdout) => {
      const parents = new Map<number, number>();
      if (!err) {
        for (const line of stdout.split('\n')) {
          const [pid, ppid] = line.trim().split(/\s+/).map(Number);
          if (Number.isInteger(pid) && Number.isInteger(ppid)) parents.set(pid as number, ppid as number);
        }
      }
      resolve(parents);
    });
  });
}

function descendantsOf(rootPid: number, parents: Map<number, number>): number[] {
  const childrenByParent = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = childrenByParent.get(ppid);
    if (list) list.push(pid);
    else childrenByParent.set(ppid, [pid]);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of childrenByParent.get(queue.shift() as number) ?? []) {
      if (found.includes(child)) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Sends `signal` to a whole process tree: the process group led by `rootPid` (the
 * recorder spawns detached, so the group is exactly the run) and, for descendants that
 * left the group, each pid found under the root. Returns the pids it aimed at so a
 * later escalation can reach them after the root is gone. Never throws.
 */
export async function signalTree(rootPid: number, signal: NodeJS.Signals, extraPids: number[] = []): Promise<number[]> {
  if (process.platform === 'win32') {
    // No process groups or POSIX signals: taskkill /T walks the tree, /F is the only sure stop.
    await new Promise<void>((resolve) => {
      spawn('taskkill', ['/pid', String(rootPid), '/T', '/F'], { stdio: 'ignore' })
        .on('exit', () => resolve())
        .on('error', () => resolve());
    });
    return [rootPid];
  }
  const pids = [...new Set([...(await listDescendants(rootPid)), ...extraPids])];
  trySignal(-rootPid, signal);
  trySignal(rootPid, signal);
  for (const pid of pids) trySignal(pid, signal);
  return pids;
}

function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone, which is what we want.
  }
}
