/**
 * "Close all positions" through the running API, selling into the local exchange's books over HTTP:
 * a paper bot holding several tokens is emergency-stopped and every holding sold at the book (a thin
 * book partially, the rest reported still held); its liquidation P&L is reported apart from trading
 * P&L; the owner is notified with the results; the request and result are audited. The errors (no
 * reason, unknown bot, a stale session) are 4xx; operators close any bot with a reason. The security
 * group of the three routes is in safety.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type ClobSim } from '@polymancer/clob-sim';
import { schema } from '@polymancer/db';
import { createPolymarketMarketData } from '@polymancer/polymarket';
import { ClobClient, OrderType, Side } from '@polymarket/clob-client-v2';
import { eq } from 'drizzle-orm';
import { createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { testEngines } from '../../../test/databases.ts';
import { auditRows, bearer, errorOf, json, makeOperator, signUp, type SignedIn } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { createBot } from './bots-helpers.ts';
import { fund, startExchange, walletWithApiKey } from './credential-helpers.ts';

interface Holding {
  readonly tokenId: string;
  readonly status: string;
  readonly soldSharesMicros: number;
  readonly remainingSharesMicros: number;
  readonly proceedsMicros: number;
  readonly pnlMicros: number;
  readonly code: string | null;
}
interface Run {
  readonly id: string;
  readonly status: string;
  readonly requestedBy: string;
  readonly proceedsMicros: number;
  readonly liquidationPnlMicros: number;
  readonly holdings: readonly Holding[];
}

async function newMarket(sim: ClobSim, question: string): Promise<{ conditionId: string; yes: string; no: string }> {
  const res = await fetch(`${sim.url}/_sim/markets`, { method: 'POST', body: JSON.stringify({ question, kind: 'binary' }), headers: { 'content-type': 'application/json' } });
  const m = (await res.json()) as { condition_id: string; tokens: Array<{ token_id: string }> };
  return { conditionId: m.condition_id, yes: m.tokens[0]!.token_id, no: m.tokens[1]!.token_id };
}

for (const engine of testEngines()) {
  describe(`close all positions through the API on ${engine}`, () => {
    let sim: ClobSim;
    let h: ApiHarness;
    let owner: SignedIn;
    let m1: { conditionId: string; yes: string; no: string };
    let m2: { conditionId: string; yes: string; no: string };

    beforeAll(async () => {
      sim = await startExchange();
      h = await createApiHarness(engine, {}, { liquidationMarketData: createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma`, synthetic: true }) });
      owner = await signUp(h, 'liq-owner');
      m1 = await newMarket(sim, 'Liquidation market one');
      m2 = await newMarket(sim, 'Liquidation market two');
    }, 60_000);
    afterAll(async () => {
      await h.dispose();
      await sim.stop();
    }, 60_000);

    /** Resting bids by a funded maker, through the official client. */
    async function bids(levels: ReadonlyArray<readonly [token: string, price: number, size: number]>): Promise<void> {
      const w = await walletWithApiKey(sim);
      await fund(sim, w.address, 1_000_000_000);
      const signer = createWalletClient({ account: privateKeyToAccount(w.privateKey), chain: polygon, transport: http('http://127.0.0.1:9') });
      const client = new ClobClient({ host: sim.url, chain: 137, signer, creds: w.creds });
      for (const [tokenID, price, size] of levels) {
        const res = await client.createAndPostOrder({ tokenID, price, size, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, OrderType.GTC);
        if (!res.success) throw new Error(`bid refused: ${JSON.stringify(res)}`);
      }
    }

    /** A paper bot (flat 2 % fee) holding Y1 100 @ 0.40 (of which $2 realized earlier by trading), N1 50 @ 0.60, Y2 200 @ 0.50. */
    async function holdingBot(token: string): Promise<string> {
      const bot = await createBot(h, token, { name: 'holding', markets: [{ conditionId: m1.conditionId, tokenIds: [m1.yes, m1.no] }, { conditionId: m2.conditionId, tokenIds: [m2.yes] }] });
      await h.request(`/api/v1/bots/${bot.id}/resume`, bearer(token, json({})));
      const db = h.database.handle.db;
      const [row] = await db.select().from(schema.bots).where(eq(schema.bots.id, bot.id));
      const position = (tokenId: string, conditionId: string, outcome: string, shares: number, cost: number, realized = 0) => ({ botId: bot.id, tokenId, conditionId, outcome, sharesMicros: shares, costBasisMicros: cost, realizedPnlMicros: realized, feesPaidMicros: 0, markPriceMicros: null, settledAt: null, settlementPriceMicros: null, updatedAt: h.clock.now() });
      await db.insert(schema.botPositions).values([
        position(m1.yes, m1.conditionId, 'Yes', 100_000_000, 40_000_000, 2_000_000),
        position(m1.no, m1.conditionId, 'No', 50_000_000, 30_000_000),
        position(m2.yes, m2.conditionId, 'Yes', 200_000_000, 100_000_000),
      ]);
      await db.insert(schema.tradeLogs).values({ id: `trd_earlier_${bot.id}`, userId: row!.userId, botId: bot.id, type: 'paper', status: 'executed', kind: 'trade', side: 'sell', marketId: m1.conditionId, tokenId: m1.yes, sharesMicros: 10_000_000, amountMicros: 6_000_000, realizedPnlMicros: 2_000_000, tickKey: 'earlier', createdAt: h.clock.now() });
      return bot.id;
    }

    test('the owner closes every position: sold at the book, a thin book partially; P&L apart; notified; audited', async () => {
      await bids([[m1.yes, 0.45, 60], [m1.yes, 0.44, 100], [m1.no, 0.52, 100], [m2.yes, 0.55, 30], [m2.yes, 0.54, 20]]);
      const botId = await holdingBot(owner.token);
      const res = await h.request(`/api/v1/bots/${botId}/close-all-positions`, bearer(owner.token, json({ reason: 'the market looks broken' })));
      expect(res.status).toBe(200);
      const run = (await res.json()) as Run;
      // Y1: 60 × 0.45 + 40 × 0.44 = 44.60 − 2 % = 43.708 (P&L 3.708); N1: 26.00 − 0.52 = 25.48 (P&L −4.52);
      // Y2: 27.30 − 0.546 = 26.754 for 50 of 200 shares (cost 25.00, P&L 1.754), 150 still held.
      expect(run).toMatchObject({ status: 'partial', requestedBy: 'user', proceedsMicros: 95_942_000, liquidationPnlMicros: 942_000 });
      const byToken = new Map(run.holdings.map((x) => [x.tokenId, x]));
      expect(byToken.get(m1.yes)).toMatchObject({ status: 'sold', soldSharesMicros: 100_000_000, remainingSharesMicros: 0, proceedsMicros: 43_708_000, pnlMicros: 3_708_000 });
      expect(byToken.get(m1.no)).toMatchObject({ status: 'sold', soldSharesMicros: 50_000_000, proceedsMicros: 25_480_000, pnlMicros: -4_520_000 });
      expect(byToken.get(m2.yes)).toMatchObject({ status: 'partially_sold', soldSharesMicros: 50_000_000, remainingSharesMicros: 150_000_000, code: 'book_too_thin' });

      const bot = (await (await h.request(`/api/v1/bots/${botId}`, bearer(owner.token))).json()) as Record<string, unknown>;
      expect(bot).toMatchObject({ status: 'paused', emergencyStopped: true });
      const pnl = (await (await h.request(`/api/v1/bots/${botId}/pnl`, bearer(owner.token))).json()) as Record<string, number>;
      expect(pnl).toMatchObject({ liquidationPnlMicros: 942_000, tradingRealizedPnlMicros: 2_000_000, realizedPnlMicros: 2_942_000, executedTrades: 1, liquidationSales: 3 });
      const trades = (await (await h.request(`/api/v1/trades?botId=${botId}&kind=liquidation`, bearer(owner.token))).json()) as { items: Array<Record<string, unknown>> };
      expect(trades.items).toHaveLength(3);
      expect(trades.items.every((t) => t.kind === 'liquidation' && t.side === 'sell' && t.status === 'executed')).toBe(true);

      const listed = (await (await h.request(`/api/v1/bots/${botId}/liquidations`, bearer(owner.token))).json()) as { items: Run[] };
      expect(listed.items.map((r) => r.id)).toEqual([run.id]);

      const note = (await h.notificationsOf(owner.userId)).find((n) => n.kind === 'bot.liquidated');
      expect(note?.data).toMatchObject({ botId, liquidationId: run.id, status: 'partial', by: 'user', liquidationPnlMicros: 942_000 });
      const audit = await auditRows(h);
      expect(audit.some((r) => r.action === 'bot.liquidation.requested' && r.subject_id === botId && r.actor_id === owner.userId)).toBe(true);
      expect(audit.some((r) => r.action === 'bot.liquidated' && r.subject_id === botId && r.actor_id === owner.userId)).toBe(true);
    });

    test('no reason is 422, an unknown bot 404, a stale session 401 fresh_auth_required — and nothing is sold', async () => {
      const botId = await holdingBot(owner.token);
      const noReason = await h.request(`/api/v1/bots/${botId}/close-all-positions`, bearer(owner.token, json({})));
      expect(noReason.status).toBe(422);
      expect((await errorOf(noReason)).code).toBe('validation_failed');
      const blank = await h.request(`/api/v1/bots/${botId}/close-all-positions`, bearer(owner.token, json({ reason: '   ' })));
      expect(blank.status).toBe(422);
      const wrongType = await h.request(`/api/v1/bots/${botId}/close-all-positions`, bearer(owner.token, json({ reason: 42 })));
      expect(wrongType.status).toBe(422);
      const missing = await h.request('/api/v1/bots/bot_nope/close-all-positions', bearer(owner.token, json({ reason: 'x' })));
      expect(missing.status).toBe(404);
      const late = await signUp(h, 'liq-stale');
      const theirs = await holdingBot(late.token);
      h.clock.advance(3_600_000);
      const stale = await h.request(`/api/v1/bots/${theirs}/close-all-positions`, bearer(late.token, json({ reason: 'x' })));
      expect(stale.status).toBe(401);
      expect((await errorOf(stale)).code).toBe('fresh_auth_required');
      for (const id of [botId, theirs]) {
        const positions = await h.database.handle.db.select().from(schema.botPositions).where(eq(schema.botPositions.botId, id));
        expect(positions.every((p) => p.sharesMicros > 0)).toBe(true);
      }
    });

    test("an operator closes any user's bot with a reason; the owner is told; a missing reason is 422", async () => {
      // Signed in now (an earlier test moved the clock past the other sessions' freshness).
      const operator = await signUp(h, 'liq-operator-fresh');
      await makeOperator(h, operator.userId);
      const victim = await signUp(h, 'liq-victim');
      const botId = await holdingBot(victim.token);
      const noReason = await h.request(`/api/v1/operator/bots/${botId}/close-all-positions`, bearer(operator.token, json({})));
      expect(noReason.status).toBe(422);
      const res = await h.request(`/api/v1/operator/bots/${botId}/close-all-positions`, bearer(operator.token, json({ reason: 'fraud review' })));
      expect(res.status).toBe(200);
      const run = (await res.json()) as Run;
      expect(run.requestedBy).toBe('operator');
      expect(run.holdings).toHaveLength(3);
      const kinds = (await h.notificationsOf(victim.userId)).map((n) => n.kind);
      expect(kinds).toEqual(expect.arrayContaining(['bot.emergency_stopped', 'bot.liquidated']));
      expect((await auditRows(h)).some((r) => r.action === 'bot.liquidated' && r.subject_id === botId && r.actor_id === operator.userId)).toBe(true);
      const nobody = await h.request('/api/v1/operator/bots/bot_nope/close-all-positions', bearer(operator.token, json({ reason: 'x' })));
      expect(nobody.status).toBe(404);
    });
  });
}
