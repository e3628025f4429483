import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startPolymancer, type RunningProcess } from '../../../test/processes.ts';

/** Ctrl-C in a terminal: SIGINT must stop `start` as cleanly as SIGTERM does (start.test.ts covers SIGTERM). */
describe('polymancer start and SIGINT', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pm-sigint-'));
  let proc: RunningProcess | undefined;
  afterAll(async () => {
    if (proc?.child.exitCode === null) await proc.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('stops cleanly on SIGINT: exit 0, the port closed, the data folder released', async () => {
    const port = await freePort();
    proc = startPolymancer(['start'], { POLYMANCER_DATA_DIR: dataDir, PORT: String(port), CLOB_SIM_PORT: '0', DATABASE_URL: '', AUTH_SECRET: '', DEMO_USER: 'false' });
    const [, url] = await proc.waitFor(/serving at (http:\/\/\S+)/, 110_000);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(existsSync(join(dataDir, 'polymancer.lock'))).toBe(true);
    expect(await proc.stop('SIGINT')).toBe(0);
    expect(proc.output()).toContain('SIGINT: shutting down');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(existsSync(join(dataDir, 'polymancer.lock'))).toBe(false);
  }, 150_000);
});
