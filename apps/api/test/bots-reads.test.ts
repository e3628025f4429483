/**
 * The read routes on bots that really traded: the tick (real stores, paper execution) buys on a
 * hand-made book — asks 0.50, bids 0.48 (mid 0.49), flat fee 2 % — so every figure below is
 * computed by hand: a 5 pUSD buy gets 10 shares for 5 pUSD + 0.10 fee.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { signUp, type SignedIn } from './accounts-helpers.ts';
import { buyYes, createBot, createTicker, getJson, send, YES_TOKEN } from './bots-helpers.ts';

interface TradeJson {
  readonly id: string;
  readonly botId: string;
  readonly status: string;
  readonly type: string;
  readonly amountMicros: number | null;
  readonly feeMicros: number | null;
  readonly rejectionCode: string | null;
  readonly createdAt: string;
}
interface PageJson<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}
interface DecisionJson {
  readonly id: string;
  readonly kind: string;
  readonly reasoning: string;
  readonly tradeLogId: string | null;
  readonly createdAt: string;
}
interface PointJson {
  readonly at: string;
  readonly equityMicros: number;
  readonly balanceMicros: number;
}

const BUSY_TICKS = 13; // buys of 5 pUSD, except every 4th asks 30 pUSD and trips the 20 pUSD trade-size limit
const isRejectedTick = (i: number) => i % 4 === 3;

async function allPages<T extends { id: string }>(h: ApiHarness, token: string, path: string, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page: PageJson<T> = await getJson<PageJson<T>>(h, token, url);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null);
  return { items, pages };
}

for (const engine of testEngines()) {
  describe(`bots read routes on ${engine}`, () => {
    let h: ApiHarness;
    let a: SignedIn;
    let b: SignedIn;
    let busyId: string;
    let quietId: string;
    let bTradeBotId: string;
    const tickTimes: string[] = [];
    beforeAll(async () => {
      h = await createApiHarness(engine);
      a = await signUp(h, 'reader-a');
      b = await signUp(h, 'reader-b');
      const ticker = createTicker(h);
      const busy = await createBot(h, a.token, { name: 'busy', risk: { maxTradeSizeMicros: 20_000_000 } });
      const quiet = await createBot(h, a.token, { name: 'quiet' });
      const theirs = await createBot(h, b.token, { name: 'theirs' });
      busyId = busy.id;
      quietId = quiet.id;
      bTradeBotId = theirs.id;
      for (const [token, id] of [[a.token, busyId], [a.token, quietId], [b.token, bTradeBotId]] as const) {
        expect((await send(h, token, 'POST', `/api/v1/bots/${id}/resume`)).status).toBe(200);
      }
      for (let i = 0; i < BUSY_TICKS; i++) {
        await ticker.tick(busyId, buyYes(isRejectedTick(i) ? 30_000_000 : 5_000_000));
        tickTimes.push(h.clock.now().toISOString());
      }
      await ticker.tick(busyId); // a hold
      await ticker.tick(quietId, buyYes(5_000_000));
      await ticker.tick(bTradeBotId, buyYes(5_000_000));
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    test("lists a bot's trades newest first, and pages through them by cursor without gaps or repeats", async () => {
      const all = await getJson<PageJson<TradeJson>>(h, a.token, `/api/v1/bots/${busyId}/trades?limit=200`);
      expect(all.items).toHaveLength(BUSY_TICKS);
      expect(all.nextCursor).toBeNull();
      expect(all.items.map((t) => t.createdAt)).toEqual([...tickTimes].reverse());
      expect(all.items.every((t) => t.id.startsWith('trd_') && t.botId === busyId && t.type === 'paper')).toBe(true);
      expect(all.items[0]).not.toHaveProperty('userId');
      const paged = await allPages<TradeJson>(h, a.token, `/api/v1/bots/${busyId}/trades`, 5);
      expect(paged.pages).toBe(3);
      expect(paged.items.map((t) => t.id)).toEqual(all.items.map((t) => t.id));
    });

    test('filters trades by status, type and time', async () => {
      const rejected = await getJson<PageJson<TradeJson>>(h, a.token, `/api/v1/bots/${busyId}/trades?status=rejected`);
      expect(rejected.items).toHaveLength(3);
      expect(rejected.items.every((t) => t.rejectionCode === 'max_trade_size_exceeded' && t.amountMicros === 30_000_000)).toBe(true);
      const executed = await getJson<PageJson<TradeJson>>(h, a.token, `/api/v1/bots/${busyId}/trades?status=executed&type=paper`);
      expect(executed.items).toHaveLength(10);
      expect(executed.items.every((t) => t.amountMicros === 5_000_000 && t.feeMicros === 100_000)).toBe(true);
      expect((await getJson<PageJson<TradeJson>>(h, a.token, `/api/v1/bots/${busyId}/trades?type=live`)).items).toHaveLength(0);
      // [from, to): ticks 1 and 2.
      const window = await getJson<PageJson<TradeJson>>(h, a.token, `/api/v1/bots/${busyId}/trades?from=${tickTimes[1]}&to=${tickTimes[3]}`);
      expect(window.items.map((t) => t.createdAt)).toEqual(tickTimes.slice(1, 3).reverse());
    });

    test("lists the caller's trades across bots, filterable by bot, and none of another user's", async () => {
      const mine = await allPages<TradeJson>(h, a.token, '/api/v1/trades', 200);
      expect(mine.items).toHaveLength(BUSY_TICKS + 1);
      expect(new Set(mine.items.map((t) => t.botId))).toEqual(new Set([busyId, quietId]));
      const quiet = await getJson<PageJson<TradeJson>>(h, a.token, `/api/v1/trades?botId=${quietId}`);
      expect(quiet.items.map((t) => t.botId)).toEqual([quietId]);
      const rejected = await getJson<PageJson<TradeJson>>(h, a.token, '/api/v1/trades?status=rejected');
      expect(rejected.items).toHaveLength(3);
      const theirs = await getJson<PageJson<TradeJson>>(h, b.token, '/api/v1/trades');
      expect(theirs.items.map((t) => t.botId)).toEqual([bTradeBotId]);
    });

    test('shows positions with average entry, midpoint mark and unrealized P&L, to the unit', async () => {
      const { items } = await getJson<{ items: unknown[] }>(h, a.token, `/api/v1/bots/${busyId}/positions`);
      expect(items).toEqual([
        {
          tokenId: YES_TOKEN,
          conditionId: expect.any(String),
          outcome: 'Yes',
          sharesMicros: 100_000_000, // 10 buys × 10 shares
          costBasisMicros: 51_000_000, // 10 × (5 pUSD + 0.10 fee)
          averageEntryPriceMicros: 510_000,
          markPriceMicros: 490_000, // mid of 0.48 / 0.50
          marketValueMicros: 49_000_000,
          unrealizedPnlMicros: -2_000_000,
          realizedPnlMicros: 0,
          feesPaidMicros: 1_000_000,
          settledAt: null,
          settlementPriceMicros: null,
        },
      ]);
    });

    test('summarises P&L: equity = balance + positions, total = realized + unrealized', async () => {
      const pnl = await getJson<Record<string, unknown>>(h, a.token, `/api/v1/bots/${busyId}/pnl`);
      expect(pnl).toEqual({
        botId: busyId,
        startingBalanceMicros: 1_000_000_000,
        balanceMicros: 949_000_000,
        positionsValueMicros: 49_000_000,
        equityMicros: 998_000_000,
        realizedPnlMicros: 0,
        unrealizedPnlMicros: -2_000_000,
        totalPnlMicros: -2_000_000,
        feesPaidMicros: 1_000_000,
        dailyPnlMicros: expect.any(Number),
        tradingRealizedPnlMicros: 0,
        liquidationPnlMicros: 0,
        liquidationSales: 0,
        executedTrades: 10,
        rejectedTrades: 3,
      });
      const bot = await getJson<{ paperBalanceMicros: number }>(h, a.token, `/api/v1/bots/${busyId}`);
      expect(bot.paperBalanceMicros).toBe(949_000_000);
    });

    test('serves the P&L time series oldest first, limited to the latest points and by time', async () => {
      const { points } = await getJson<{ points: PointJson[] }>(h, a.token, `/api/v1/bots/${busyId}/pnl/series`);
      expect(points.length).toBeGreaterThanOrEqual(BUSY_TICKS);
      const times = points.map((p) => Date.parse(p.at));
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      expect(points.at(-1)?.equityMicros).toBe(998_000_000);
      expect(points.at(-1)?.balanceMicros).toBe(949_000_000);
      const latest = await getJson<{ points: PointJson[] }>(h, a.token, `/api/v1/bots/${busyId}/pnl/series?limit=3`);
      expect(latest.points).toEqual(points.slice(-3));
      const ranged = await getJson<{ points: PointJson[] }>(h, a.token, `/api/v1/bots/${busyId}/pnl/series?from=${tickTimes[BUSY_TICKS - 2]}`);
      expect(ranged.points.every((p) => p.at >= (tickTimes[BUSY_TICKS - 2] ?? ''))).toBe(true);
      expect(ranged.points.length).toBeLessThan(points.length);
    });

    test('lists decisions with their reasoning, holds included, newest first and paged', async () => {
      const all = await allPages<DecisionJson>(h, a.token, `/api/v1/bots/${busyId}/decisions`, 4);
      expect(all.items).toHaveLength(BUSY_TICKS + 1);
      expect(all.items[0]).toMatchObject({ kind: 'hold', reasoning: 'nothing queued', tradeLogId: null });
      expect(all.items[1]).toMatchObject({ kind: 'trade', reasoning: 'buy 5000000 micros of Yes' });
      const trades = await getJson<PageJson<TradeJson>>(h, a.token, `/api/v1/bots/${busyId}/trades?limit=200`);
      expect(new Set(all.items.filter((d) => d.kind === 'trade').map((d) => d.tradeLogId))).toEqual(new Set(trades.items.map((t) => t.id)));
    });

    test("counts unlock progress on the bot's own executed paper trades and time since its first", async () => {
      const busy = await getJson<Record<string, unknown>>(h, a.token, `/api/v1/bots/${busyId}/unlock-progress`);
      const firstMs = Date.parse(tickTimes[0] ?? '');
      expect(busy).toEqual({
        botId: busyId,
        firstQualifyingTradeAt: tickTimes[0],
        paperTradingMs: h.clock.now().getTime() - firstMs,
        qualifyingPaperTrades: 10,
        nonQualifyingPaperTrades: 0,
        requiredPaperTradingMs: 86_400_000,
        requiredPaperTrades: 10,
        paperRecordMet: false,
        settingsCountTowardUnlock: true,
        settingsIssues: [],
      });
      const quiet = await getJson<Record<string, unknown>>(h, a.token, `/api/v1/bots/${quietId}/unlock-progress`);
      expect(quiet).toMatchObject({ qualifyingPaperTrades: 1, paperRecordMet: false });
      h.clock.advance(24 * 60 * 60 * 1000);
      const later = await getJson<Record<string, unknown>>(h, a.token, `/api/v1/bots/${busyId}/unlock-progress`);
      expect(later).toMatchObject({ qualifyingPaperTrades: 10, paperTradingMs: h.clock.now().getTime() - firstMs, paperRecordMet: true });
      expect(await getJson<Record<string, unknown>>(h, a.token, `/api/v1/bots/${quietId}/unlock-progress`)).toMatchObject({ qualifyingPaperTrades: 1, paperRecordMet: false });
    });

    test('a new bot has no trades, positions or progress yet', async () => {
      const fresh = await createBot(h, a.token, { name: 'fresh' });
      expect(await getJson(h, a.token, `/api/v1/bots/${fresh.id}/trades`)).toEqual({ items: [], nextCursor: null });
      expect(await getJson(h, a.token, `/api/v1/bots/${fresh.id}/positions`)).toEqual({ items: [] });
      expect(await getJson(h, a.token, `/api/v1/bots/${fresh.id}/decisions`)).toEqual({ items: [], nextCursor: null });
      expect(await getJson(h, a.token, `/api/v1/bots/${fresh.id}/pnl/series`)).toEqual({ points: [] });
      expect(await getJson(h, a.token, `/api/v1/bots/${fresh.id}/unlock-progress`)).toMatchObject({ firstQualifyingTradeAt: null, paperTradingMs: 0, qualifyingPaperTrades: 0 });
      expect(await getJson(h, a.token, `/api/v1/bots/${fresh.id}/pnl`)).toMatchObject({ equityMicros: 1_000_000_000, totalPnlMicros: 0, executedTrades: 0 });
    });
  });
}
