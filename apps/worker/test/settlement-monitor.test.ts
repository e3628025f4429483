/**
 * Transaction monitoring end to end: the monitor job on pg-boss (test clock, 30 s passes) over real Postgres
 * (PGlite without TEST_DATABASE_URL) watching real transactions on anvil, with mining control and
 * snapshot/revert for a real reorg; alerts through the notification outbox and the audit log.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { createPublicClient, createTestClient, createWalletClient, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createAuditLog } from '@polymancer/audit';
import { createAuditStore, createEmergencyStore, createNotificationStore, createSettlementTxStore, schema } from '@polymancer/db';
import { createEmergency } from '@polymancer/safety';
import { createJobRunner, TestClock, type JobRunner } from '@polymancer/jobs';
import { tickUntil } from '@polymancer/jobs/testing';
import { ANVIL_ADMIN_KEY, startAnvil, type AnvilInstance } from '@polymancer/local-chain';
import { createNotificationService, notifierFor } from '@polymancer/notify';
import { createLogger } from '@polymancer/observability';
import { createTxObserver } from '@polymancer/polymarket';
import { createSettlementMonitor, settlementAlerts } from '@polymancer/settlement';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';
import { settlementMonitorJob, startSettlementMonitor } from '../src/index.ts';

const engine = testEngines().at(-1)!;
const logger = createLogger({ level: 'silent' });

describe(`settlement monitor on ${engine} and anvil`, () => {
  let database: TestDatabase;
  let anvil: AnvilInstance;
  let clock: TestClock;
  let jobs: JobRunner;
  let stopJob: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    [database, anvil] = await Promise.all([createTestDatabase(engine), startAnvil()]);
    await database.handle.db.insert(schema.users).values({ id: 'usr_stx', name: 's', email: 's@example.test' });
    clock = new TestClock(new Date('2026-12-01T12:00:00.000Z'));
    jobs = createJobRunner({ database: database.handle, clock, logger, spies: true, schema: 'pgboss_settlement' });
    await jobs.start();
  }, 120_000);
  afterAll(async () => {
    await stopJob?.();
    await jobs?.stop({ timeoutMs: 1_000 });
    anvil?.stop();
    await database?.dispose();
  });

  test('submitted → pending → alert after 5 min → confirmed → reorg back to pending → confirmed → finalized; a reverted one fails', async () => {
    const db = database.handle.db;
    const chain = createPublicClient({ transport: http(anvil.rpcUrl) });
    const testClient = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) });
    const account = privateKeyToAccount(ANVIL_ADMIN_KEY);
    const wallet = createWalletClient({ account, transport: http(anvil.rpcUrl) });
    const store = createSettlementTxStore(db);
    const notifications = createNotificationService({ store: createNotificationStore(db), clock: jobs.clock, messageIdDomain: 'polymancer.test' });
    const audit = createAuditLog({ store: createAuditStore(db), clock: jobs.clock });
    const emergency = createEmergency({ store: createEmergencyStore(db), audit, clock: jobs.clock, notifier: notifierFor(notifications) });
    const monitor = createSettlementMonitor({
      store,
      chain: createTxObserver({ rpcUrl: anvil.rpcUrl }),
      alerts: settlementAlerts({ notifier: notifierFor(notifications), audit, stopBot: (botId, reason) => emergency.systemStop(botId, reason) }),
      clock: jobs.clock,
    });
    // One monitor pass: the job re-queued itself 30 s ahead; move the test clock until it has run.
    const pass = async () => {
      jobs.clearSpies();
      const done = jobs.waitForJob(settlementMonitorJob, 'completed');
      await tickUntil(clock, done, { stepMs: 1_000, maxSteps: 40 });
    };
    const elapsedSecs = () => (jobs.clock.now().getTime() - submittedAt.getTime()) / 1000;

    // Mining control: the transaction waits in the mempool.
    await testClient.setAutomine(false);
    const request = await wallet.prepareTransactionRequest({ chain: null, to: '0x000000000000000000000000000000000000dEaD', value: 1n } as never);
    const raw = await wallet.signTransaction(request as never);
    const hash = await chain.sendRawTransaction({ serializedTransaction: raw });
    const submittedAt = jobs.clock.now();
    await store.track({ userId: 'usr_stx', botId: null, kind: 'trade', txHash: hash, submittedAt });
    const first = jobs.waitForJob(settlementMonitorJob, 'completed');
    stopJob = (await startSettlementMonitor({ jobs, monitor, logger })).stop;
    await tickUntil(clock, first, { stepMs: 1_000 });
    expect(await store.byHash(hash)).toMatchObject({ status: 'pending', confirmations: 0 });

    // Passes every 30 s while it waits in the mempool: no alert up to 5 minutes, one after.
    while (elapsedSecs() < 240) await pass();
    expect(await store.byHash(hash)).toMatchObject({ status: 'pending', alertedAt: null });
    while (elapsedSecs() <= 330) await pass();
    const alerted = await store.byHash(hash);
    expect(alerted?.alertedAt).not.toBeNull();
    expect((alerted!.alertedAt!.getTime() - submittedAt.getTime()) / 1000).toBeGreaterThan(300);
    await pass();
    const feed = await db.select().from(schema.notifications).where(eq(schema.notifications.userId, 'usr_stx'));
    expect(feed.map((n) => n.kind)).toEqual(['settlement.pending_too_long']);
    const events = await db.select().from(schema.auditEvents);
    expect(events.filter((e) => e.action === 'settlement.tx.pending_too_long')).toHaveLength(1);

    // Mined: confirmed at 1 block. Snapshot first, so reverting drops the block (a real reorg).
    const snapshot = await testClient.snapshot();
    await testClient.mine({ blocks: 1 });
    await pass();
    expect(await store.byHash(hash)).toMatchObject({ status: 'confirmed', confirmations: 1 });
    await testClient.mine({ blocks: 2 });
    await pass();
    expect(await store.byHash(hash)).toMatchObject({ status: 'confirmed', confirmations: 3 });

    await testClient.revert({ id: snapshot });
    await testClient.mine({ blocks: 4 }); // a longer chain without the transaction
    await pass();
    expect(await store.byHash(hash)).toMatchObject({ status: 'pending', confirmations: 0, blockNumber: null, reorgs: 1 });
    expect((await db.select().from(schema.auditEvents)).filter((e) => e.action === 'settlement.tx.reorged')).toHaveLength(1);

    // Re-broadcast (as a node would re-include it): confirmed again, then final at 12 blocks.
    await chain.sendRawTransaction({ serializedTransaction: raw }).catch(() => undefined);
    await testClient.mine({ blocks: 1 });
    await pass();
    expect(await store.byHash(hash)).toMatchObject({ status: 'confirmed', confirmations: 1 });
    await testClient.mine({ blocks: 11 });
    await pass();
    expect(await store.byHash(hash)).toMatchObject({ status: 'finalized', confirmations: 12 });

    // A transaction that reverts on chain: failed, and the user is told.
    const reverting = '0x000000000000000000000000000000000000bad1';
    await testClient.setCode({ address: reverting, bytecode: '0x60006000fd' });
    const bad = await wallet.sendTransaction({ chain: null, to: reverting, gas: 100_000n });
    await store.track({ userId: 'usr_stx', botId: null, kind: 'redemption', txHash: bad, submittedAt: jobs.clock.now() });
    await testClient.mine({ blocks: 1 });
    await pass();
    expect(await store.byHash(bad as Hex)).toMatchObject({ status: 'failed', confirmations: 1 });
    const kinds = (await db.select().from(schema.notifications).where(eq(schema.notifications.userId, 'usr_stx'))).map((n) => n.kind).sort();
    expect(kinds).toEqual(['settlement.failed', 'settlement.pending_too_long']);

    // A live trade whose settlement fails on chain: its bot is emergency-stopped (its ledger holds a fill the wallet never got).
    await db.insert(schema.bots).values({ id: 'bot_stx', userId: 'usr_stx', name: 'stx', type: 'live', status: 'active' });
    const badTrade = await wallet.sendTransaction({ chain: null, to: reverting, gas: 100_000n });
    await store.track({ userId: 'usr_stx', botId: 'bot_stx', kind: 'trade', txHash: badTrade, submittedAt: jobs.clock.now() });
    await testClient.mine({ blocks: 1 });
    await pass();
    expect(await store.byHash(badTrade as Hex)).toMatchObject({ status: 'failed' });
    const [stopped] = await db.select().from(schema.bots).where(eq(schema.bots.id, 'bot_stx'));
    expect(stopped).toMatchObject({ status: 'paused', emergencyStopped: true });
    expect(stopped!.emergencyStoppedReason).toContain(`settlement transaction ${badTrade} failed on chain`);
    const told = (await db.select().from(schema.notifications).where(eq(schema.notifications.userId, 'usr_stx'))).filter((n) => n.kind === 'bot.emergency_stopped');
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('emergency-stopped by Polymancer');
    await testClient.setAutomine(true);
  }, 120_000);
});
