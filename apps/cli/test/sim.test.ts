import { afterAll, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, startPolymancer, type RunningProcess } from '../../../test/processes.ts';

describe('polymancer sim', () => {
  let proc: RunningProcess | undefined;
  afterAll(async () => {
    await proc?.stop();
  });

  test('runs the local exchange alone, answering as Polymarket CLOB V2 does', async () => {
    proc = startPolymancer(['sim', '--port', '0', '--seed', '7'], {});
    const [, url] = await proc.waitFor(/serving at (http:\/\/\S+)/);
    expect(await (await fetch(`${url}/version`)).json()).toEqual({ version: 2 });
    const markets = (await (await fetch(`${url}/gamma/markets?limit=5`)).json()) as unknown[];
    expect(markets.length).toBeGreaterThan(0);
  });

  test('refuses an unknown flag with exit code 2 and the usage', () => {
    const run = spawnSync(join(repoRoot, 'polymancer'), ['sim', '--bogus'], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown flag --bogus');
    expect(run.stderr).toContain('Usage: polymancer sim');
  });
});
