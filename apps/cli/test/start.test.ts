import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startPolymancer, type RunningProcess } from '../../../test/processes.ts';

describe('polymancer start on embedded defaults', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pm-start-'));
  let proc: RunningProcess | undefined;
  afterAll(async () => {
    await proc?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('serves /healthz with no configuration but a data folder and a port', async () => {
    proc = startPolymancer(['start'], { POLYMANCER_DATA_DIR: dataDir, PORT: String(await freePort()), CLOB_SIM_PORT: '0', DATABASE_URL: '', AUTH_SECRET: '' });
    // Generous: on a loaded shared machine the first start (PGlite, migrations, pg-boss schema) has taken over 60 s.
    const [, url] = await proc.waitFor(/serving at (http:\/\/\S+)/, 110_000);
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(proc.output()).toContain('generated a local auth secret');
    // anvil ships with the npm dev dependencies: the local exchange runs on an embedded chain.
    expect(proc.output()).toMatch(/exchange: \S+ \(local, clob-sim, on an embedded anvil \(chain 137\)\)/);
  }, 120_000);

  test('creates the demo account on a fresh data folder and prints its login, which signs in', async () => {
    const [, email, password] = await proc!.waitFor(/demo account: (\S+) (\S+)/);
    const [, url] = proc!.output().match(/serving at (http:\/\/\S+)/)!;
    const res = await fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url! },
      body: JSON.stringify({ email, password }),
    });
    expect(res.status).toBe(200);
  });

  test('the demo bots trade on paper against the local exchange within a minute', async () => {
    await proc!.waitFor(/demo bots: 2 paper bots/);
    const [, url] = proc!.output().match(/serving at (http:\/\/\S+)/)!;
    const [, email, password] = proc!.output().match(/demo account: (\S+) (\S+)/)!;
    const signIn = await fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const token = signIn.headers.get('set-auth-token');
    expect(token).toBeTruthy();
    const auth = { authorization: `Bearer ${token}` };
    const bots = (await (await fetch(`${url}/api/v1/bots`, { headers: auth })).json()) as { items: { id: string; status: string }[] };
    expect(bots.items.map((b) => b.status)).toEqual(['active', 'active']);
    // Real time on purpose: this is the product promise ("trades within a minute"), bounded at 90 s.
    const deadline = Date.now() + 90_000;
    let executed = 0;
    while (Date.now() < deadline && executed === 0) {
      const res = await fetch(`${url}/api/v1/trades?status=executed`, { headers: auth });
      executed = ((await res.json()) as { items: unknown[] }).items.length;
      if (executed === 0) await Bun.sleep(1_000);
    }
    expect(executed).toBeGreaterThan(0);
  }, 150_000);

  test('is ready: the database answers and its worker has beaten', async () => {
    const [, url] = proc!.output().match(/serving at (http:\/\/\S+)/)!;
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ready: boolean }).ready).toBe(true);
  });

  test('stops cleanly on SIGTERM', async () => {
    expect(await proc!.stop('SIGTERM')).toBe(0);
  });
});
