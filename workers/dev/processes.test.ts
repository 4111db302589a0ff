import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcessGroups, stopLeftovers } from './processes';

/** A child that starts a grandchild in its group and then idles: what wrangler → workerd looks like. */
const SCRIPT = "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); setInterval(() => {}, 1000);";

/** Live (non-zombie) processes of a process group. */
const groupMembers = (pgid: number) =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(group) === pgid && state !== 'Z';
      } catch {
        return false;
      }
    });

describe('ProcessGroups', () => {
  it('stops a child and its grandchildren as one group', async () => {
    const procs = new ProcessGroups();
    const t = procs.spawn('idle', process.execPath, ['-e', SCRIPT], { env: process.env });
    await new Promise((r) => setTimeout(r, 500));
    expect(groupMembers(t.child.pid!).length).toBe(2);
    await procs.stopAll(2000);
    expect(groupMembers(t.child.pid!)).toEqual([]);
  });

  it('records its groups, so a later run stops what a hard-killed run left behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-pids-'));
    const pidFile = join(dir, 'pids.json');
    const crashed = new ProcessGroups(pidFile);
    const t = crashed.spawn('idle', process.execPath, ['-e', SCRIPT, dir], { env: process.env });
    await new Promise((r) => setTimeout(r, 500));
    expect(JSON.parse(readFileSync(pidFile, 'utf8'))).toEqual([t.child.pid]);
    // Only groups whose command mentions the checkout are touched.
    expect(await stopLeftovers(pidFile, '/somewhere/else/')).toBe(0);
    writeFileSync(pidFile, JSON.stringify([t.child.pid]));
    expect(await stopLeftovers(pidFile, dir)).toBe(1);
    expect(groupMembers(t.child.pid!)).toEqual([]);
  });
});
