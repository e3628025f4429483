/**
 * CPU time the local PostgreSQL server spent, read from /proc (Linux, server on this machine,
 * processes readable): user + system time of every `postgres` process, plus what the postmaster
 * has collected from backends that exited. Best effort — `undefined` when it cannot be read — and
 * the server's background work (checkpointer, WAL writer, autovacuum) counts too, which is fair:
 * the load caused it. Lets the benchmark compare the CPU a tick costs with what a pgbench
 * transaction costs, which holds up on a shared machine better than rates alone.
 */
import { readdirSync, readFileSync } from 'node:fs';

const ticksPerSec = 100; // USER_HZ on Linux

function statFields(pid: string): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    if (comm !== 'postgres') return undefined;
    return text.slice(close + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Milliseconds of CPU the server's processes have used so far, or undefined. */
export function postgresCpuMs(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  let ticks = 0;
  let found = false;
  let postmasterChildren = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const pids = new Set<string>();
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    const f = statFields(pid);
    if (f === undefined) continue;
    pids.add(pid);
    found = true;
    // Fields after the command: [0] state, [1] ppid, …, [11] utime, [12] stime, [13] cutime, [14] cstime.
    ticks += Number(f[11]) + Number(f[12]);
    // The postmaster is the postgres process whose parent is not a postgres process.
    if (!pids.has(f[1] ?? '') && statFields(f[1] ?? '') === undefined) postmasterChildren += Number(f[13]) + Number(f[14]);
  }
  return found ? ((ticks + postmasterChildren) * 1000) / ticksPerSec : undefined;
}
