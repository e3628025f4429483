/**
 * `npm run bench`: every benchmark listed in bench/benches.ts, one after another, each in its own
 * process so one's CPU and memory do not colour the next. Arguments after `--` go to the benchmark
 * marked `takesRunArgs` (bot ticks), e.g. `npm run bench -- --seconds 10`.
 * `bench/run.ts --smoke` runs each with `--smoke` instead (briefly; the suite runs it) and exits 1
 * when any benchmark fails.
 */
import { benches } from './benches.ts';

const root = new URL('..', import.meta.url).pathname;
const argv = Bun.argv.slice(2);
const smoke = argv.includes('--smoke');
const runArgs = argv.filter((a) => a !== '--smoke');

let failed = 0;
for (const bench of benches) {
  const args = smoke ? ['--smoke'] : bench.takesRunArgs ? runArgs : [];
  console.log(`\n=== ${bench.name} (${bench.path}${args.length > 0 ? ` ${args.join(' ')}` : ''}) ===`);
  const child = Bun.spawn([process.execPath, `${root}${bench.path}`, ...args], { cwd: root, stdout: 'inherit', stderr: 'inherit', env: process.env });
  const code = await child.exited;
  if (code !== 0) {
    failed += 1;
    console.error(`${bench.name} exited with ${code}`);
  }
}
console.log(`\n${benches.length - failed} of ${benches.length} benchmarks completed${smoke ? ' (smoke)' : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
