/**
 * The whole test suite: type-check the tree, then every `*.test.ts` under bun's runner.
 * Ends with one line CI reads: `N passed, N failed` (the type check counts as one test).
 * Extra arguments go to `bun test` (a path filter, `--bail`, ...).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

let passed = 0;
let failed = 0;

console.log('› tsc --noEmit');
const tsc = spawnSync(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (tsc.status === 0) passed += 1;
else failed += 1;

const junit = join(mkdtempSync(join(tmpdir(), 'polymancer-test-')), 'junit.xml');
console.log('› bun test');
const run = spawnSync(bin('bun'), ['test', '--timeout', '60000', '--reporter=junit', `--reporter-outfile=${junit}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, POLYMANCER_ENV: 'test' },
});

let counted = false;
try {
  const xml = readFileSync(junit, 'utf8');
  const suite = /<testsuites[^>]*\btests="(\d+)"[^>]*>/.exec(xml)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? '0');
  const total = attr('tests');
  const failures = attr('failures') + attr('errors');
  const skipped = attr('skipped');
  passed += total - failures - skipped;
  failed += failures;
  counted = total > 0;
} catch {
  // no report: the runner itself crashed
}
if (!counted || (run.status !== 0 && failed === 0)) failed += 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
