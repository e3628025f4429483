import { afterAll, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClobClient } from '@polymarket/clob-client-v2';
import { createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { repoRoot, startPolymancer, type RunningProcess } from '../../../test/processes.ts';

/** Anvil's first public test key (never holds value). */
const signer = createWalletClient({ account: privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'), chain: polygon, transport: http('http://127.0.0.1:9') });

describe('polymancer sim', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pm-sim-'));
  const running = new Set<RunningProcess>();
  const sim = async (env: Record<string, string> = {}) => {
    const proc = startPolymancer(['sim', '--port', '0', '--seed', '7'], { POLYMANCER_DATA_DIR: dataDir, ...env });
    running.add(proc);
    const [, url] = await proc.waitFor(/serving at (http:\/\/\S+)/);
    return { proc, url: url! };
  };
  afterAll(async () => {
    await Promise.all([...running].map((p) => p.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('runs the local exchange alone, answering as Polymarket CLOB V2 does', async () => {
    const { url } = await sim();
    expect(await (await fetch(`${url}/version`)).json()).toEqual({ version: 2 });
    const markets = (await (await fetch(`${url}/gamma/markets?limit=5`)).json()) as unknown[];
    expect(markets.length).toBeGreaterThan(0);
  });

  test('keeps its key secret in the data folder (0600): a restarted exchange issues the same key for the same address and nonce', async () => {
    const first = await sim();
    const created = await new ClobClient({ host: first.url, chain: 137, signer }).createApiKey(0);
    expect(created.key).toMatch(/^[0-9a-f-]{36}$/);
    await first.proc.stop();
    running.delete(first.proc);
    for (const name of ['clob-sim-keys.secret', 'clob-sim-admin.secret']) expect((statSync(join(dataDir, name)).mode & 0o777).toString(8)).toBe('600');
    const second = await sim();
    expect(await new ClobClient({ host: second.url, chain: 137, signer }).createApiKey(0)).toEqual(created);
  });

  test('refuses its admin API in production', async () => {
    const { url } = await sim({ POLYMANCER_ENV: 'production' });
    const res = await fetch(`${url}/_sim/faults`);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'admin_disabled_in_production' });
    expect((await fetch(`${url}/version`)).status).toBe(200);
  });

  test('refuses an unknown flag with exit code 2 and the usage', () => {
    const run = spawnSync(join(repoRoot, 'polymancer'), ['sim', '--bogus'], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown flag --bogus');
    expect(run.stderr).toContain('Usage: polymancer sim');
  });
});
