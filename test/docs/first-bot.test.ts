/**
 * docs/first-bot.md works as written: its shell blocks (after "1. Start") run in bash, in order,
 * against a real `./polymancer start` on a fresh data folder, with the demo login it printed. The
 * bot must end up created and active, and each read it shows must answer JSON.
 */
import { afterAll, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, startPolymancer, type RunningProcess } from '../processes.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'pm-first-bot-'));
let proc: RunningProcess | undefined;
afterAll(async () => {
  await proc?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The `sh` blocks of the walkthrough after its "Start" step (which the test does itself). */
function walkthroughBlocks(): string[] {
  const doc = readFileSync(join(repoRoot, 'docs/first-bot.md'), 'utf8');
  const afterStart = doc.slice(doc.indexOf('## 2.'));
  return [...afterStart.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

test('the first-bot walkthrough runs as written against a real start', async () => {
  proc = startPolymancer(['start'], { POLYMANCER_DATA_DIR: dataDir, PORT: String(await freePort()), CLOB_SIM_PORT: '0', DATABASE_URL: '', AUTH_SECRET: '' });
  const [, url] = await proc.waitFor(/serving at (http:\/\/\S+)/, 110_000);
  const [, email, password] = await proc.waitFor(/demo account: (\S+) (\S+)/, 30_000);
  const blocks = walkthroughBlocks();
  expect(blocks.length).toBeGreaterThanOrEqual(4);
  const script = ['set -euo pipefail', `API=${url}`, `EMAIL='${email}'`, `PASSWORD='${password}'`, ...blocks, 'echo "BOT=$BOT"'].join('\n');
  const run = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 60_000 });
  const out = `${run.stdout}\n${run.stderr}`;
  expect({ status: run.status, out: run.status === 0 ? '' : out }).toEqual({ status: 0, out: '' });
  const bot = /BOT=(bot_\w+)/.exec(run.stdout)?.[1];
  expect(bot).toBeDefined();
  expect(run.stdout).toContain('"status":"active"');
  expect(run.stdout).toContain('"nextCursor"');
  expect(run.stdout).not.toContain('"error"');
}, 200_000);
