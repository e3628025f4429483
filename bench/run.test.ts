/**
 * Every benchmark listed in bench/benches.ts still runs: `bench/run.ts --smoke` runs each briefly
 * in its own process and exits 1 when one breaks. Bot ticks need a PostgreSQL server and pgbench,
 * so this runs where TEST_DATABASE_URL is set (as CI sets it).
 */
import { expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { benches } from './benches.ts';

const root = new URL('..', import.meta.url).pathname;

test.skipIf(!process.env.TEST_DATABASE_URL)('every benchmark completes its smoke run (bench/run.ts --smoke)', async () => {
  const child = Bun.spawn([process.execPath, `${root}bench/run.ts`, '--smoke'], { cwd: root, stdout: 'pipe', stderr: 'pipe', env: { ...process.env, LOG_LEVEL: 'warn' } });
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  expect({ code, err: code === 0 ? '' : `${out}\n${err}` }).toEqual({ code: 0, err: '' });
  expect(out).toContain(`${benches.length} of ${benches.length} benchmarks completed (smoke)`);
  for (const bench of benches) expect(out).toContain(`=== ${bench.name} (${bench.path} --smoke) ===`);
}, 300_000);

test('every benchmark of a package is listed, so the smoke run covers it', () => {
  const listed = new Set(benches.map((b) => b.path));
  const packageBenches = readdirSync(`${root}packages`).flatMap((pkg) => {
    try {
      return readdirSync(`${root}packages/${pkg}/bench`)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `packages/${pkg}/bench/${f}`);
    } catch {
      return [];
    }
  });
  expect(packageBenches.length).toBeGreaterThan(0);
  expect(packageBenches.filter((p) => !listed.has(p))).toEqual([]);
});
