/**
 * `npm run bench`: every benchmark of the repository, one after another, each in its own process
 * so one's CPU and memory do not colour the next.
 *  1. bench/bot-ticks.ts — bot ticks per second on a real PostgreSQL next to pgbench (issue 12);
 *     arguments after `--` are passed to it, e.g. `npm run bench -- --seconds 10`;
 *  2. apps/clob-sim/bench/run.ts — the local exchange (signing, HTTP orders, matching), if present.
 */
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const benches: Array<{ name: string; path: string; args: string[] }> = [{ name: 'bot ticks', path: `${root}bench/bot-ticks.ts`, args: Bun.argv.slice(2) }];
const sim = `${root}apps/clob-sim/bench/run.ts`;
if (existsSync(sim)) benches.push({ name: 'clob-sim', path: sim, args: [] });

let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench.name} (${bench.path.slice(root.length)}) ===`);
  const child = Bun.spawn([process.execPath, bench.path, ...bench.args], { cwd: root, stdout: 'inherit', stderr: 'inherit', env: process.env });
  const code = await child.exited;
  if (code !== 0) {
    failed += 1;
    console.error(`${bench.name} exited with ${code}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
