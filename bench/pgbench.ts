/**
 * The anchor: PostgreSQL's own `pgbench` TPC-B-like run on the same server, in a database of its
 * own (created, `pgbench -i`'d, dropped after). Its transactions per second are the ceiling a
 * design that spends one transaction per bot tick can reach on this server.
 *
 * The scale factor is at least the client count, as pgbench's documentation advises, so pgbench's
 * figure is not held down by every client updating the same branch row.
 */
import { existsSync } from 'node:fs';
import { adminSql, databaseUrl, freshDatabaseName } from './databases.ts';
import { postgresCpuMs } from './server-cpu.ts';

export interface PgbenchResult {
  readonly tps: number;
  readonly transactions: number;
  readonly clients: number;
  readonly threads: number;
  readonly scale: number;
  readonly seconds: number;
  readonly latencyMs: number;
  /** pgbench's own CPU (user + system) per transaction. */
  readonly clientCpuMsPerTx: number;
  /** The server's CPU per transaction, when it can be read (see server-cpu.ts). */
  readonly serverCpuMsPerTx: number | undefined;
}

export function pgbenchPath(): string {
  const fromEnv = process.env.PGBENCH;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const onPath = Bun.which('pgbench');
  if (onPath !== null) return onPath;
  for (const p of ['/usr/bin/pgbench', '/usr/lib/postgresql/16/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench']) if (existsSync(p)) return p;
  throw new Error('pgbench not found: install PostgreSQL client tools or set PGBENCH=/path/to/pgbench');
}

async function run(cmd: string[]): Promise<{ output: string; cpuMs: number }> {
  const child = Bun.spawn(cmd, { stdout: 'pipe', stderr: 'pipe' });
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  if (code !== 0) throw new Error(`${cmd.slice(0, 2).join(' ')} exited with ${code}: ${err.trim()}`);
  const usage = child.resourceUsage();
  const cpuMs = usage === undefined ? Number.NaN : Number(usage.cpuTime.user + usage.cpuTime.system) / 1000;
  return { output: `${out}\n${err}`, cpuMs };
}

export async function runPgbench(adminUrl: string, options: { clients: number; seconds: number; threads?: number; scale?: number }): Promise<PgbenchResult> {
  const clients = options.clients;
  const threads = options.threads ?? Math.max(1, Math.min(clients, navigator.hardwareConcurrency));
  const scale = options.scale ?? Math.max(clients, 10);
  const bin = pgbenchPath();
  const name = freshDatabaseName('pgbench');
  const admin = adminSql(adminUrl);
  await admin.unsafe(`create database ${name}`);
  try {
    const url = databaseUrl(adminUrl, name);
    await run([bin, '-i', '-q', '-s', String(scale), url]);
    const server0 = postgresCpuMs();
    const { output: out, cpuMs } = await run([bin, '-n', '-c', String(clients), '-j', String(threads), '-T', String(options.seconds), url]);
    const server1 = postgresCpuMs();
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1];
    const transactions = /number of transactions actually processed: (\d+)/.exec(out)?.[1];
    const latency = /latency average = ([\d.]+) ms/.exec(out)?.[1];
    if (tps === undefined || transactions === undefined) throw new Error(`unexpected pgbench output:\n${out}`);
    const n = Number(transactions);
    return {
      tps: Number(tps),
      transactions: n,
      clients,
      threads,
      scale,
      seconds: options.seconds,
      latencyMs: Number(latency ?? Number.NaN),
      clientCpuMsPerTx: cpuMs / n,
      serverCpuMsPerTx: server0 === undefined || server1 === undefined ? undefined : (server1 - server0) / n,
    };
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}
