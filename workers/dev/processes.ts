/**
 * The child processes of `npm start`. Each is spawned directly (no shell, no npx) as the leader of its own process
 * group, so stopping it signals the group: wrangler, its workerd and esbuild, or tsx and its node child all go.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Tracked {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Prefix each output line with "[name] " instead of passing the terminal through (long-running servers). */
  prefixed?: boolean;
  /** With `prefixed`: lines to leave out (banners, binding tables). */
  quiet?: RegExp;
  /** With `prefixed`: sees every output line (readiness and build errors). */
  onLine?: (line: string) => void;
}

export class ProcessGroups {
  private readonly live = new Map<number, Tracked>();
  private stopping = false;

  /** `pidFile`: where the live group leaders are recorded, so a later run can stop leftovers (see `stopLeftovers`). */
  constructor(private readonly pidFile?: string) {}

  private record() {
    if (this.pidFile) writeFileSync(this.pidFile, JSON.stringify(this.pids()));
  }

  get isStopping() {
    return this.stopping;
  }

  spawn(name: string, command: string, args: string[], opts: SpawnOptions): Tracked {
    if (this.stopping) throw new Error('the stack is stopping');
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: opts.prefixed ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    if (opts.prefixed) {
      for (const stream of [child.stdout, child.stderr]) {
        if (!stream) continue;
        createInterface({ input: stream }).on('line', (line) => {
          opts.onLine?.(line);
          if (!opts.quiet?.test(line)) process.stdout.write(`[${name}] ${line}\n`);
        });
      }
    }
    const exited = new Promise<number | null>((resolve) => {
      child.once('error', (e) => {
        process.stderr.write(`[${name}] could not start: ${e.message}\n`);
        resolve(-1);
      });
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    });
    const tracked = { name, child, exited };
    if (child.pid !== undefined) {
      this.live.set(child.pid, tracked);
      this.record();
      void exited.then(() => {
        this.live.delete(child.pid!);
        if (!this.stopping) this.record();
      });
    }
    return tracked;
  }

  /** Runs a command to completion; resolves to its exit code. */
  async run(name: string, command: string, args: string[], opts: SpawnOptions): Promise<number | null> {
    return this.spawn(name, command, args, opts).exited;
  }

  pids() {
    return [...this.live.keys()];
  }

  /** SIGTERM every group, then SIGKILL what is still alive after `graceMs`. */
  async stopAll(graceMs = 5000) {
    this.stopping = true;
    const all = [...this.live.entries()];
    for (const [pid] of all) signalGroup(pid, 'SIGTERM');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    const done = Promise.all(all.map(([, t]) => t.exited));
    if ((await Promise.race([done, timeout])) === 'timeout') for (const [pid] of all) signalGroup(pid, 'SIGKILL');
    await Promise.race([done, new Promise((r) => setTimeout(r, 2000).unref())]);
    // The leader may be gone while group members linger (a grandchild that ignored SIGTERM).
    for (const [pid] of all) signalGroup(pid, 'SIGKILL');
    this.record();
  }
}

/**
 * Stops the process groups an earlier run recorded in `pidFile` and left running (it was killed with SIGKILL, say).
 * Only groups whose leader still runs a command under `root` are touched. Returns how many were stopped.
 */
export async function stopLeftovers(pidFile: string, root: string): Promise<number> {
  if (!existsSync(pidFile)) return 0;
  const pids = (JSON.parse(readFileSync(pidFile, 'utf8')) as number[]).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(root);
    } catch {
      return false;
    }
  });
  for (const pid of pids) signalGroup(pid, 'SIGTERM');
  if (pids.length) await new Promise((r) => setTimeout(r, 3000));
  for (const pid of pids) signalGroup(pid, 'SIGKILL');
  writeFileSync(pidFile, '[]');
  return pids.length;
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * The launcher chain above this process (npm, sh, tsx): `kill <npm pid>` does not reach us, because npm does not
 * forward SIGTERM, so poll the chain and call `onGone` when any of it dies. Linux only (/proc); elsewhere a no-op.
 */
export function watchLauncher(onGone: () => void, intervalMs = 1000) {
  const chain: number[] = [];
  for (let pid = process.ppid; pid > 1 && chain.length < 5; ) {
    const info = procInfo(pid);
    if (!info || !/^(node|npm|npm .*|sh|dash|tsx)$/.test(info.comm)) break;
    chain.push(pid);
    pid = info.ppid;
  }
  if (!chain.length) return;
  setInterval(() => {
    if (chain.some((pid) => !alive(pid))) onGone();
  }, intervalMs).unref();
}

function procInfo(pid: number): { comm: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...: comm may contain spaces and parentheses, so split at the last ")"
    const close = stat.lastIndexOf(')');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(stat.slice(close + 2).split(' ')[1]) };
  } catch {
    return undefined;
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return procInfo(pid) !== undefined;
  } catch {
    return false;
  }
}
