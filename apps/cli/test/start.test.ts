import { afterAll, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../test/databases.ts';
import { looseModes } from '../../../test/file-modes.ts';
import { freePort, repoRoot, startPolymancer, type RunningProcess } from '../../../test/processes.ts';

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

  test('prints the absolute data folder and where the demo login is kept', async () => {
    await proc!.waitFor(/demo login kept in/);
    expect(proc!.output()).toContain(`data folder: ${dataDir} (embedded database, local secrets)`);
    expect(proc!.output()).toContain(`generated a local auth secret in ${join(dataDir, 'auth.secret')}`);
    expect(proc!.output()).toContain(`demo login kept in ${join(dataDir, 'demo-account.txt')}`);
  });

  test('keeps the data folder private while serving: folders 0700, files 0600 (the embedded database too)', () => {
    expect(existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    expect(looseModes(dataDir)).toEqual([]);
  });

  test('a second start on the same data folder refuses, naming the folder and the running process', async () => {
    const second = startPolymancer(['start'], { POLYMANCER_DATA_DIR: dataDir, PORT: String(await freePort()), CLOB_SIM_PORT: '0', DATABASE_URL: '', AUTH_SECRET: '' });
    expect(await second.exited()).toBe(1);
    expect(second.output()).toContain(`the data folder ${dataDir} is in use by another Polymancer (pid ${proc!.child.pid})`);
    const [, url] = proc!.output().match(/serving at (http:\/\/\S+)/)!;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  }, 30_000);

  test('while it runs, commands that open the embedded database refuse instead of opening it a second time', async () => {
    const run = (...args: string[]) =>
      spawnSync(join(repoRoot, 'polymancer'), args, {
        cwd: repoRoot,
        env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', POLYMANCER_DATA_DIR: dataDir },
        encoding: 'utf8',
      });
    for (const args of [['freeze', 'usr_nobody', '--reason', 'lock test'], ['audit', 'verify'], ['migrate']]) {
      const command = run(...args);
      expect({ args, status: command.status }).toEqual({ args, status: 1 });
      expect(command.stderr).toContain(`the data folder ${dataDir} is in use by another Polymancer (pid ${proc!.child.pid})`);
      expect(command.stderr).toContain('stop `polymancer start` first, or act through its API, or set DATABASE_URL to a PostgreSQL database');
    }
    // With PostgreSQL (DATABASE_URL) the commands open no embedded database and need no lock.
    if (process.env.TEST_DATABASE_URL) {
      const postgres = await createTestDatabase('postgres', { migrate: false });
      await postgres.handle.close();
      try {
        const migrate = spawnSync(join(repoRoot, 'polymancer'), ['migrate'], {
          cwd: repoRoot,
          env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: postgres.url!, POLYMANCER_DATA_DIR: dataDir },
          encoding: 'utf8',
        });
        expect({ status: migrate.status, stderr: migrate.stderr }).toEqual({ status: 0, stderr: '' });
        expect(migrate.stdout).toContain('migrations applied');
      } finally {
        await postgres.dispose().catch(() => {});
      }
    }
    // The server still holds its lock and still serves from its database.
    expect(existsSync(join(dataDir, 'polymancer.lock'))).toBe(true);
    const [, url] = proc!.output().match(/serving at (http:\/\/\S+)/)!;
    const ready = (await (await fetch(`${url}/readyz`)).json()) as { checks: { database: { ok: boolean } } };
    expect(ready.checks.database).toEqual({ ok: true });
  }, 60_000);

  test('a second start on the same port refuses with a clear message instead of sharing the port', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'pm-start-2-'));
    try {
      const [, port] = proc!.output().match(/serving at http:\/\/localhost:(\d+)/)!;
      const second = startPolymancer(['start'], { POLYMANCER_DATA_DIR: otherDir, PORT: port!, CLOB_SIM_PORT: '0', DATABASE_URL: '', AUTH_SECRET: '', DEMO_USER: 'false' });
      expect(await second.exited()).toBe(1);
      expect(second.output()).toContain(`PORT ${port} on 127.0.0.1 is already in use`);
      expect(second.output()).not.toContain('serving at');
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
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

  test('closes all positions of a demo bot through the API: stopped, its holdings sold into the local exchange, P&L apart', async () => {
    const [, url] = proc!.output().match(/serving at (http:\/\/\S+)/)!;
    const [, email, password] = proc!.output().match(/demo account: (\S+) (\S+)/)!;
    const signIn = await fetch(`${url}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const auth = { authorization: `Bearer ${signIn.headers.get('set-auth-token')}` };
    const bots = (await (await fetch(`${url}/api/v1/bots`, { headers: auth })).json()) as { items: { id: string }[] };
    const open = async (id: string) => ((await (await fetch(`${url}/api/v1/bots/${id}/positions`, { headers: auth })).json()) as { items: { sharesMicros: number }[] }).items.filter((x) => x.sharesMicros > 0);
    let botId = bots.items[0]!.id;
    for (const b of bots.items) if ((await open(b.id)).length > 0) botId = b.id;
    const before = await open(botId);
    const res = await fetch(`${url}/api/v1/bots/${botId}/close-all-positions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'start test' }) });
    expect(res.status).toBe(200);
    const run = (await res.json()) as { status: string; liquidationPnlMicros: number; holdings: { soldSharesMicros: number; remainingSharesMicros: number }[] };
    expect(run.holdings).toHaveLength(before.length);
    expect(['completed', 'partial']).toContain(run.status);
    if (before.length > 0) expect(run.holdings.some((x) => x.soldSharesMicros > 0)).toBe(true);
    const after = await open(botId);
    expect(after.reduce((s, x) => s + x.sharesMicros, 0)).toBe(run.holdings.reduce((s, x) => s + x.remainingSharesMicros, 0));
    const bot = (await (await fetch(`${url}/api/v1/bots/${botId}`, { headers: auth })).json()) as { emergencyStopped: boolean };
    expect(bot.emergencyStopped).toBe(true);
    const pnl = (await (await fetch(`${url}/api/v1/bots/${botId}/pnl`, { headers: auth })).json()) as { liquidationPnlMicros: number };
    expect(pnl.liquidationPnlMicros).toBe(run.liquidationPnlMicros);
  }, 60_000);

  test('is ready: the database answers and its worker has beaten', async () => {
    const [, url] = proc!.output().match(/serving at (http:\/\/\S+)/)!;
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ready: boolean }).ready).toBe(true);
  });

  test('stops cleanly on SIGTERM and releases the data folder', async () => {
    expect(await proc!.stop('SIGTERM')).toBe(0);
    expect(existsSync(join(dataDir, 'polymancer.lock'))).toBe(false);
  });

  test('signed a checkpoint of the audit chain head at shutdown, which audit verify checks', () => {
    const run = spawnSync(join(repoRoot, 'polymancer'), ['audit', 'verify'], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', POLYMANCER_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const [, tipSeq] = run.stdout.match(/audit chain intact: \d+ events, tip seq (\d+)/)!;
    // The last checkpoint (taken at shutdown) signs the very tip.
    expect(run.stdout).toContain(`checkpoint checked: checkpoint seq ${tipSeq} `);
    expect(looseModes(dataDir)).toEqual([]);
  }, 60_000);
});
