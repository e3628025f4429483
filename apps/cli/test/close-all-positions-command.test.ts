/**
 * `polymancer close-all-positions` as the real process, against a database it opens itself (a PGlite
 * folder, and Postgres when TEST_DATABASE_URL is set) and the local exchange over HTTP
 * (POLYMARKET_CLOB_URL): the paper bot is emergency-stopped, its holdings sold into the books (a
 * thin one partially), the run printed with the liquidation P&L, audited as the CLI operator, the
 * owner notified. No reason is a usage error (exit 2), an unknown bot exit 1.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '@polymancer/audit';
import { createBotService } from '@polymancer/bots';
import { type ClobSim, createClobSim } from '@polymancer/clob-sim';
import { ManualClock } from '@polymancer/core';
import { createAuditStore, createBotStore, type DatabaseHandle, migrateDatabase, openDatabase, schema } from '@polymancer/db';
import { ClobClient, OrderType, Side } from '@polymarket/clob-client-v2';
import { eq } from 'drizzle-orm';
import { createWalletClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { createTestDatabase, testEngines } from '../../../test/databases.ts';

const repoRoot = new URL('../../..', import.meta.url).pathname;

for (const engine of testEngines()) {
  describe(`polymancer close-all-positions (${engine})`, () => {
    let sim: ClobSim;
    let env: Record<string, string>;
    let open: () => Promise<DatabaseHandle>;
    let dispose: () => Promise<void>;
    const userId = 'usr_cli_liq';
    let botId: string;
    let yes: string;
    let no: string;

    beforeAll(async () => {
      sim = await createClobSim({ port: 0, seed: 7, marketMakers: false });
      const res = await fetch(`${sim.url}/_sim/markets`, { method: 'POST', body: JSON.stringify({ question: 'CLI liquidation market', kind: 'binary' }), headers: { 'content-type': 'application/json' } });
      const m = (await res.json()) as { condition_id: string; tokens: Array<{ token_id: string }> };
      yes = m.tokens[0]!.token_id;
      no = m.tokens[1]!.token_id;
      // Bids by a funded maker through the official client: YES 100 @ 0.45; NO only 20 @ 0.50 (thin).
      const key = generatePrivateKey();
      const signer = createWalletClient({ account: privateKeyToAccount(key), chain: polygon, transport: http('http://127.0.0.1:9') });
      const creds = await new ClobClient({ host: sim.url, chain: 137, signer, throwOnError: true }).createOrDeriveApiKey(0);
      await fetch(`${sim.url}/_sim/wallets/${signer.account.address.toLowerCase()}`, { method: 'POST', body: JSON.stringify({ collateral: '1000000000' }), headers: { 'content-type': 'application/json' } });
      const maker = new ClobClient({ host: sim.url, chain: 137, signer, creds });
      for (const [tokenID, price, size] of [[yes, 0.45, 100], [no, 0.5, 20]] as const) {
        const r = await maker.createAndPostOrder({ tokenID, price, size, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, OrderType.GTC);
        if (!r.success) throw new Error(`bid refused: ${JSON.stringify(r)}`);
      }

      const exchange = { POLYMARKET_CLOB_URL: sim.url, POLYMARKET_GAMMA_URL: `${sim.url}/gamma`, POLYMARKET_DATA_URL: `${sim.url}/data-api` };
      if (engine === 'pglite') {
        const dir = mkdtempSync(join(tmpdir(), 'pm-liq-cli-'));
        env = { POLYMANCER_DATA_DIR: dir, ...exchange };
        open = () => openDatabase({ dataDir: dir });
        dispose = async () => rmSync(dir, { recursive: true, force: true });
      } else {
        const t = await createTestDatabase('postgres', { migrate: false });
        await t.handle.close();
        env = { DATABASE_URL: t.url!, ...exchange };
        open = () => openDatabase({ databaseUrl: t.url });
        dispose = () => t.dispose().catch(() => {});
      }
      const db = await open();
      await migrateDatabase(db);
      const clock = new ManualClock(Date.UTC(2026, 5, 1));
      await db.db.insert(schema.users).values({ id: userId, name: 'owner', email: 'cli-liq@example.test' });
      const bots = createBotService({ store: createBotStore(db.db), audit: createAuditLog({ store: createAuditStore(db.db), clock }), clock, llmAvailable: false });
      const bot = await bots.create(userId, { name: 'cli-liq', markets: [{ conditionId: m.condition_id, tokenIds: [yes, no] }], strategy: { kind: 'mean-reversion' } });
      botId = (await bots.resume(userId, bot.id)).id;
      const position = (tokenId: string, outcome: string, shares: number, cost: number) => ({ botId, tokenId, conditionId: m.condition_id, outcome, sharesMicros: shares, costBasisMicros: cost, realizedPnlMicros: 0, feesPaidMicros: 0, markPriceMicros: null, settledAt: null, settlementPriceMicros: null, updatedAt: clock.now() });
      await db.db.insert(schema.botPositions).values([position(yes, 'Yes', 50_000_000, 20_000_000), position(no, 'No', 30_000_000, 15_000_000)]);
      await db.db.update(schema.bots).set({ paperBalanceMicros: 100_000_000 }).where(eq(schema.bots.id, botId));
      await db.close();
    }, 90_000);
    afterAll(async () => {
      await sim.stop();
      await dispose();
    });

    /** Runs the real CLI (asynchronously: the local exchange answers from this process meanwhile). */
    function polymancer(...args: string[]): Promise<{ code: number | null; out: string }> {
      return new Promise((resolve) => {
        const child = spawn(join(repoRoot, 'polymancer'), args, { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', POLYMANCER_DATA_DIR: '', ...env } });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
    }

    async function read<T>(fn: (db: DatabaseHandle) => Promise<T>): Promise<T> {
      const db = await open();
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    }

    test('sells the holdings into the books (a thin one partially), prints the run, audited as the CLI operator, the owner notified', async () => {
      const r = await polymancer('close-all-positions', botId, '--reason', 'operator drill');
      // YES 50 × 0.45 = 22.50 − 2 % = 22.05 (cost 20, P&L 2.05); NO 20 × 0.50 = 10.00 − 0.20 = 9.80 (cost 10 of 15, P&L −0.20), 10 left.
      expect(r.out).toContain(`${botId}: emergency-stopped; liquidation liq_`);
      expect(r.out).toContain(`  ${yes} Yes: sold 50.00 for $22.05, P&L $2.05`);
      expect(r.out).toContain(`  ${no} No: sold 20.00 for $9.80, P&L -$0.20, 10.00 still held (book_too_thin:`);
      expect(r.out).toContain('proceeds $31.85, fees $0.65, liquidation P&L $1.85');
      expect(r.code).toBe(4);
      const { bot, audit, notes, sales } = await read(async (db) => ({
        bot: (await db.db.select().from(schema.bots).where(eq(schema.bots.id, botId)))[0],
        audit: await db.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.subjectId, botId)),
        notes: await db.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId)),
        sales: await db.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.kind, 'liquidation')),
      }));
      expect(bot).toMatchObject({ status: 'paused', emergencyStopped: true, paperBalanceMicros: 131_850_000 });
      const liquidated = audit.find((a) => a.action === 'bot.liquidated');
      expect(liquidated).toMatchObject({ actorType: 'operator', actorId: null });
      expect(liquidated?.details).toMatchObject({ via: 'cli', reason: 'operator drill', liquidationPnlMicros: 1_850_000, status: 'partial' });
      expect(notes.map((n) => n.kind).sort()).toEqual(['bot.emergency_stopped', 'bot.liquidated']);
      expect(sales).toHaveLength(2);
    });

    test('no reason is a usage error (exit 2); an unknown bot exits 1', async () => {
      const noReason = await polymancer('close-all-positions', botId);
      expect(noReason.code).toBe(2);
      expect(noReason.out).toContain('a --reason is required');
      expect(await polymancer('close-all-positions', 'bot_nobody', '--reason', 'x')).toEqual({ code: 1, out: 'not_found: Bot was not found\n' });
    });
  });
}
