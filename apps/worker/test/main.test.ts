import { afterEach, describe, expect, test } from 'bun:test';
import { fileURLToPath } from 'node:url';
import { createAuditLog } from '@polymancer/audit';
import { createBotService } from '@polymancer/bots';
import { createClobSim } from '@polymancer/clob-sim';
import { systemClock } from '@polymancer/core';
import { createAuditStore, createBotStore, migrateAsOwner, openDatabase, schema } from '@polymancer/db';
import { createMarketCatalogue } from '@polymancer/polymarket';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../../../test/databases.ts';
import { createReadmeRoles } from '../../../test/postgres-roles.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bun = `${root}node_modules/.bin/bun`;
const mainPath = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Every worker a test spawned; the `afterEach` below reaps any left (a test that timed out never reaches its `finally`). */
const spawned = new Set<ReturnType<typeof Bun.spawn>>();

function spawnWorker(env: Record<string, string>) {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', POLYMANCER_ENV: 'test', LOG_LEVEL: 'info' };
  const child = Bun.spawn([bun, mainPath], { cwd: root, env: { ...base, ...env }, stdout: 'pipe', stderr: 'pipe' });
  spawned.add(child);
  return child;
}

type Worker = ReturnType<typeof spawnWorker>;

/** Called in every test's `finally`: a worker still running (the test failed before its SIGTERM) is killed and reaped, so no orphan outlives the test. */
async function killWorker(child: Pick<Bun.Subprocess, 'exitCode' | 'signalCode' | 'kill' | 'exited'> | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await child.exited;
}

afterEach(async () => {
  for (const child of spawned) await killWorker(child);
  spawned.clear();
});

/**
 * Reads JSON log lines from the worker's stdout until one has `msg`, then keeps draining the stream
 * in the background (a closed pipe would fail the worker's later log writes).
 */
async function readUntilLog(stream: ReadableStream<Uint8Array>, msg: string): Promise<Record<string, unknown>> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`worker exited before logging "${msg}"`);
    buffered += decoder.decode(value, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let entry: Record<string, unknown> | undefined;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // not a log line
      }
      if (entry?.msg === msg) {
        void (async () => {
          while (!(await reader.read()).done) {
            // drain
          }
        })();
        return entry;
      }
      newline = buffered.indexOf('\n');
    }
  }
}

describe('standalone worker (bun apps/worker/src/main.ts)', () => {
  test('refuses to run on embedded PGlite and names DATABASE_URL', async () => {
    let child: Worker | undefined;
    try {
      child = spawnWorker({});
      expect(await child.exited).toBe(2);
      expect(await new Response(child.stderr).text()).toContain('DATABASE_URL');
    } finally {
      await killWorker(child);
    }
  });

  test.if(process.env.TEST_DATABASE_URL !== undefined)('refuses an environment profile no order could be signed for (a chain the official client does not know), naming the setting', async () => {
    const database = await createTestDatabase('postgres', { migrate: false });
    let child: Worker | undefined;
    try {
      const contracts = { collateral: `0x${'11'.repeat(20)}`, conditionalTokens: `0x${'12'.repeat(20)}`, exchangeV2: `0x${'13'.repeat(20)}`, negRiskExchangeV2: `0x${'14'.repeat(20)}`, exchangeV3: `0x${'15'.repeat(20)}`, negRiskAdapter: `0x${'16'.repeat(20)}`, ctfCollateralAdapter: `0x${'17'.repeat(20)}`, negRiskCtfCollateralAdapter: `0x${'18'.repeat(20)}`, depositWalletFactory: `0x${'19'.repeat(20)}` };
      child = spawnWorker({ DATABASE_URL: database.url!, POLYMARKET_ENVIRONMENT: 'custom', POLYMARKET_CLOB_URL: 'http://127.0.0.1:9', POLYMARKET_CHAIN_ID: '31337', POLYMARKET_CONTRACTS: JSON.stringify(contracts) });
      expect(await child.exited).toBe(2);
      expect(await new Response(child.stderr).text()).toContain('POLYMARKET_CHAIN_ID 31337: the official Polymarket client signs orders only for Polygon (137) and Amoy (80002)');
    } finally {
      await killWorker(child);
      await database.dispose();
    }
  }, 60_000);

  test.if(process.env.TEST_DATABASE_URL !== undefined)('migrates, beats, and drains on SIGTERM against Postgres', async () => {
    const database = await createTestDatabase('postgres', { migrate: false });
    let child: Worker | undefined;
    try {
      child = spawnWorker({ DATABASE_URL: database.url! });
      const started = await readUntilLog(child.stdout, 'worker started');
      expect(started.workerId).toMatch(/^wrk_/);

      const rows = await database.handle.db.select().from(schema.workerHeartbeats);
      expect(rows.map((r) => r.workerId)).toEqual([started.workerId as string]);
      expect(rows[0]?.pid).toBe(child.pid);

      child.kill('SIGTERM');
      const exitCode = await child.exited;
      expect(await new Response(child.stderr).text()).toBe('');
      expect(exitCode).toBe(0);
    } finally {
      await killWorker(child);
      await database.dispose();
    }
  });

  test.if(process.env.TEST_DATABASE_URL !== undefined)('runs what start’s worker runs: ticks an active bot against the configured exchange', async () => {
    const database = await createTestDatabase('postgres');
    const sim = await createClobSim({ port: 0, seed: 1 });
    let child: Worker | undefined;
    try {
      const db = database.handle.db;
      await db.insert(schema.users).values({ id: 'usr_standalone', name: 's', email: 's@example.test' });
      const [market] = (await createMarketCatalogue({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma` }).list({ active: true, closed: false, limit: 5 })).filter((m) => m.outcomes.length >= 2);
      const bots = createBotService({ store: createBotStore(db), audit: createAuditLog({ store: createAuditStore(db), clock: systemClock }), clock: systemClock, llmAvailable: false });
      const bot = await bots.create('usr_standalone', {
        name: 'standalone',
        markets: [{ conditionId: market!.conditionId, tokenIds: market!.outcomes.map((o) => o.tokenId) }],
        strategy: { kind: 'momentum', params: {} },
        intervalSecs: 5,
      });
      await bots.resume('usr_standalone', bot.id);

      child = spawnWorker({ DATABASE_URL: database.url!, POLYMARKET_CLOB_URL: sim.url });
      await readUntilLog(child.stdout, 'worker started');
      // Real time on purpose: a separate process; bounded at 30 s (the bot's first slot is due at once).
      const deadline = Date.now() + 30_000;
      let runs: Array<{ outcome: string }> = [];
      while (Date.now() < deadline && runs.length === 0) {
        runs = await db.select({ outcome: schema.botTickRuns.outcome }).from(schema.botTickRuns);
        if (runs.length === 0) await Bun.sleep(200);
      }
      expect(runs[0]?.outcome).toBe('completed');
      child.kill('SIGTERM');
      expect(await child.exited).toBe(0);
    } finally {
      await killWorker(child);
      await sim.stop();
      await database.dispose();
    }
  }, 60_000);

  test.if(process.env.TEST_DATABASE_URL !== undefined)('serves its own scheduler metrics on METRICS_PORT: the ticks it ran, lateness, due and running', async () => {
    const database = await createTestDatabase('postgres');
    const sim = await createClobSim({ port: 0, seed: 1 });
    let child: Worker | undefined;
    try {
      const db = database.handle.db;
      await db.insert(schema.users).values({ id: 'usr_worker_metrics', name: 'm', email: 'm@example.test' });
      const [market] = (await createMarketCatalogue({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma` }).list({ active: true, closed: false, limit: 5 })).filter((m) => m.outcomes.length >= 2);
      const bots = createBotService({ store: createBotStore(db), audit: createAuditLog({ store: createAuditStore(db), clock: systemClock }), clock: systemClock, llmAvailable: false });
      const bot = await bots.create('usr_worker_metrics', {
        name: 'metrics',
        markets: [{ conditionId: market!.conditionId, tokenIds: market!.outcomes.map((o) => o.tokenId) }],
        strategy: { kind: 'momentum', params: {} },
        intervalSecs: 5,
      });
      await bots.resume('usr_worker_metrics', bot.id);

      child = spawnWorker({ DATABASE_URL: database.url!, POLYMARKET_CLOB_URL: sim.url, METRICS_PORT: '0', METRICS_TOKEN: 'worker-metrics-token-0123456789abcdef' });
      const serving = await readUntilLog(child.stdout, 'worker metrics');
      const metricsUrl = serving.metricsUrl as string;
      expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // Real time on purpose: a separate process; bounded at 30 s (the bot's first slot is due at once).
      const deadline = Date.now() + 30_000;
      let runs: Array<{ outcome: string }> = [];
      while (Date.now() < deadline && runs.length === 0) {
        runs = await db.select({ outcome: schema.botTickRuns.outcome }).from(schema.botTickRuns);
        if (runs.length === 0) await Bun.sleep(200);
      }
      expect(runs[0]?.outcome).toBe('completed');

      expect((await fetch(`${metricsUrl}/metrics`)).status).toBe(401);
      const scraped = await fetch(`${metricsUrl}/metrics`, { headers: { authorization: 'Bearer worker-metrics-token-0123456789abcdef' } });
      expect(scraped.status).toBe(200);
      const text = await scraped.text();
      expect(text).toMatch(/^polymancer_bot_ticks_total\{lane="rules",outcome="completed"\} [1-9]/m);
      // A new bot's first tick is immediate (no slot yet, so no lateness); the figures are exposed all the same.
      for (const gauge of ['polymancer_bot_ticks_due', 'polymancer_bot_ticks_leased', 'polymancer_bot_ticks_overdue', 'polymancer_bot_ticks_running']) {
        expect(text).toMatch(new RegExp(`^${gauge}\\{lane="rules"\\} \\d+$`, 'm'));
      }
      expect(text).toContain('# TYPE polymancer_bot_tick_lateness_seconds histogram');
      expect(text).toContain('# TYPE polymancer_bot_tick_lateness_quantiles_seconds summary');
      child.kill('SIGTERM');
      expect(await child.exited).toBe(0);
    } finally {
      await killWorker(child);
      await sim.stop();
      await database.dispose();
    }
  }, 60_000);

  test.if(process.env.TEST_DATABASE_URL !== undefined)('as the README’s app role: migrates as DATABASE_MIGRATION_URL’s owner, then ticks a bot as the app role', async () => {
    const roles = await createReadmeRoles(process.env.TEST_DATABASE_URL!);
    const sim = await createClobSim({ port: 0, seed: 1 });
    const app = await openDatabase({ databaseUrl: roles.appUrl, poolMax: 2 });
    let child: Worker | undefined;
    try {
      await migrateAsOwner(app, roles.ownerUrl);
      const db = app.db;
      // Written as the app role, its audit events too.
      await db.insert(schema.users).values({ id: 'usr_app_role', name: 'a', email: 'a@example.test' });
      const [market] = (await createMarketCatalogue({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma` }).list({ active: true, closed: false, limit: 5 })).filter((m) => m.outcomes.length >= 2);
      const bots = createBotService({ store: createBotStore(db), audit: createAuditLog({ store: createAuditStore(db), clock: systemClock }), clock: systemClock, llmAvailable: false });
      const bot = await bots.create('usr_app_role', {
        name: 'app role',
        markets: [{ conditionId: market!.conditionId, tokenIds: market!.outcomes.map((o) => o.tokenId) }],
        strategy: { kind: 'momentum', params: {} },
        intervalSecs: 5,
      });
      await bots.resume('usr_app_role', bot.id);

      child = spawnWorker({ DATABASE_URL: roles.appUrl, DATABASE_MIGRATION_URL: roles.ownerUrl, POLYMARKET_CLOB_URL: sim.url });
      await readUntilLog(child.stdout, 'worker started');
      // Real time on purpose: a separate process; bounded at 30 s (the bot's first slot is due at once).
      const deadline = Date.now() + 30_000;
      let runs: Array<{ outcome: string }> = [];
      while (Date.now() < deadline && runs.length === 0) {
        runs = await db.select({ outcome: schema.botTickRuns.outcome }).from(schema.botTickRuns);
        if (runs.length === 0) await Bun.sleep(200);
      }
      expect(runs[0]?.outcome).toBe('completed');
      child.kill('SIGTERM');
      expect(await child.exited).toBe(0);
      // Neither the worker's role check nor anything else complained.
      expect(await new Response(child.stderr).text()).toBe('');
    } finally {
      await killWorker(child);
      await app.close();
      await sim.stop();
      await roles.dispose();
    }
  }, 120_000);

  test.if(process.env.TEST_DATABASE_URL !== undefined)('runs a live bot’s tick through the live order path (no credential: held, nothing posted)', async () => {
    const database = await createTestDatabase('postgres');
    const sim = await createClobSim({ port: 0, seed: 1 });
    let child: Worker | undefined;
    try {
      const db = database.handle.db;
      await db.insert(schema.users).values({ id: 'usr_live_wired', name: 'l', email: 'l@example.test' });
      const [market] = (await createMarketCatalogue({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma` }).list({ active: true, closed: false, limit: 5 })).filter((m) => m.outcomes.length >= 2);
      const bots = createBotService({ store: createBotStore(db), audit: createAuditLog({ store: createAuditStore(db), clock: systemClock }), clock: systemClock, llmAvailable: false });
      const bot = await bots.create('usr_live_wired', {
        name: 'live wired',
        markets: [{ conditionId: market!.conditionId, tokenIds: market!.outcomes.map((o) => o.tokenId) }],
        strategy: { kind: 'momentum', params: {} },
        intervalSecs: 5,
      });
      // As go-live leaves it: a live bot, unlocked, active.
      await db.update(schema.bots).set({ type: 'live', isUnlockedForLive: true }).where(eq(schema.bots.id, bot.id));
      await bots.resume('usr_live_wired', bot.id);

      child = spawnWorker({ DATABASE_URL: database.url!, POLYMARKET_CLOB_URL: sim.url });
      await readUntilLog(child.stdout, 'worker started');
      // Real time on purpose: a separate process; bounded at 30 s (the bot's first slot is due at once).
      const deadline = Date.now() + 30_000;
      let holds: Array<{ holdCode: string | null }> = [];
      while (Date.now() < deadline && holds.length === 0) {
        holds = await db.select({ holdCode: schema.botDecisions.holdCode }).from(schema.botDecisions).where(eq(schema.botDecisions.botId, bot.id));
        if (holds.length === 0) await Bun.sleep(200);
      }
      // The composed worker hands live bots to the live path, which finds no valid credential.
      expect(holds[0]?.holdCode).toBe('live_credentials_missing');
      expect(await db.select().from(schema.liveOrders)).toHaveLength(0);
      child.kill('SIGTERM');
      expect(await child.exited).toBe(0);
    } finally {
      await killWorker(child);
      await sim.stop();
      await database.dispose();
    }
  }, 60_000);
});
