/**
 * Paper bots ticking against the local exchange over HTTP: market data through
 * `@polymancer/polymarket`'s HTTP adapter (Gamma routes of the sim + the official CLOB client), the
 * real db stores, many ticks with distinct keys. Two venues: the sim's seeded markets with their
 * market makers walking prices as the injected clock advances, and the sim replaying the real
 * recorded price-change burst (written to a temp folder at test time, never into the repo).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type OrderBook } from '@polymancer/core';
import { type ClobSim, createClobSim } from '@polymancer/clob-sim';
import { schema } from '@polymancer/db';
import { applyMarketEvents, createPolymarketMarketData, parseMarketMessage } from '@polymancer/polymarket';
import { desc, eq } from 'drizzle-orm';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData, sharedDataPath } from '../../../test/shared-data.ts';
import type { Bot, MarketData, MarketDataCache } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { botRow, expectReconciled, positionsOf, tick, tickDeps, tradesOf } from './tick-harness.ts';

const START = 200_000_000;

/** The venue as the tick sees it: the HTTP adapter, typed by the bots port (compile-time conformance). */
function httpVenue(sim: ClobSim): MarketData {
  return createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma` });
}

/**
 * The ledger recomputed from the trade log alone, by plain sums (independent of core's position
 * math): cash = start − Σ(buy notional + fee) + Σ(sell notional − fee) + Σ settlement payouts;
 * shares per token = Σ bought − Σ sold − Σ settled; realized = Σ realized on sells and settlements.
 */
async function expectLedgerSums(h: Harness, botId: string): Promise<{ buys: number; sells: number; settlements: number }> {
  const executed = (await tradesOf(h, botId)).filter((t) => t.status === 'executed');
  let cash = START;
  let realized = 0;
  const shares = new Map<string, number>();
  const add = (token: string, n: number) => shares.set(token, (shares.get(token) ?? 0) + n);
  let buys = 0;
  let sells = 0;
  let settlements = 0;
  for (const t of executed) {
    const token = t.tokenId ?? '';
    const amount = t.amountMicros ?? 0;
    const fee = t.feeMicros ?? 0;
    const n = t.sharesMicros ?? 0;
    if (t.kind === 'settlement') {
      settlements += 1;
      cash += amount;
      add(token, -n);
    } else if (t.side === 'buy') {
      buys += 1;
      cash -= amount + fee;
      add(token, n);
    } else {
      sells += 1;
      cash += amount - fee;
      add(token, -n);
    }
    realized += t.realizedPnlMicros ?? 0;
    for (const v of [amount, fee, n]) expect(Number.isSafeInteger(v)).toBe(true);
  }
  const row = await botRow(h, botId);
  expect(row.paperBalanceMicros).toBe(cash);
  const positions = await positionsOf(h, botId);
  for (const [token, n] of shares) expect(positions.find((p) => p.tokenId === token)?.sharesMicros ?? 0).toBe(n);
  for (const p of positions) expect(p.sharesMicros).toBe(shares.get(p.tokenId) ?? 0);
  const [snap] = await h.db.select().from(schema.botPnlSnapshots).where(eq(schema.botPnlSnapshots.botId, botId)).orderBy(desc(schema.botPnlSnapshots.at)).limit(1);
  expect(snap?.realizedPnlMicros).toBe(realized);
  expect((snap?.equityMicros ?? 0) - START).toBe((snap?.realizedPnlMicros ?? 0) + (snap?.unrealizedPnlMicros ?? 0));
  if (process.env.OVER_HTTP_STATS) console.log(`stats ${botId}: buys=${buys} sells=${sells} settlements=${settlements} rejected=${(await tradesOf(h, botId)).filter((t) => t.status !== "executed").length}`);
  return { buys, sells, settlements };
}

const levels = (book: OrderBook) => ({ bids: book.bids.map((l) => [l.priceMicros, l.sizeMicros]), asks: book.asks.map((l) => [l.priceMicros, l.sizeMicros]) });

for (const engine of testEngines()) {
  describe(`paper bots over HTTP against the local exchange (${engine})`, () => {
    let h: Harness;
    let sim: ClobSim;
    beforeAll(async () => {
      h = await createHarness(engine);
      await h.addUser('usr_http');
      // The sim shares the harness clock: advancing it between ticks lets the market makers re-quote.
      sim = await createClobSim({ seed: 5, clock: h.clock, marketMakers: { intervalMs: 5_000 } });
    });
    afterAll(async () => {
      await sim.stop();
      await h.testDb.dispose();
    });

    test('bots run 30 ticks while the market makers move prices, then settle on resolution, and reconcile to the unit', async () => {
      const venue = httpVenue(sim);
      const deps = tickDeps(h, venue);
      const market = sim.exchange.markets.find((m) => m.kind === 'binary');
      if (!market) throw new Error('no binary market');
      const tokenIds = market.tokens.map((t) => t.tokenId);
      const markets = [{ conditionId: market.conditionId, tokenIds }];
      const bots: Bot[] = [
        await h.bots.create('usr_http', {
          name: 'reverting (Polymarket fees)',
          markets,
          strategy: { kind: 'mean-reversion', params: { windowSize: 3, bandMicros: 10_000, orderAmountMicros: 10_000_000 } },
          startingBalanceMicros: START,
          feeModel: { kind: 'polymarket' },
        }),
        await h.bots.create('usr_http', {
          name: 'trending (flat fee)',
          markets,
          strategy: { kind: 'momentum', params: { lookbackMoves: 1, thresholdMicros: 10_000, orderAmountMicros: 8_000_000 } },
          startingBalanceMicros: START,
          feeModel: { kind: 'flat', flatFeeBps: 150 },
        }),
        await h.bots.create('usr_http', {
          name: 'realistic',
          markets,
          strategy: { kind: 'mean-reversion', params: { windowSize: 2, bandMicros: 10_000, orderAmountMicros: 6_000_000 } },
          startingBalanceMicros: START,
          realism: { enabled: true, artificialDelayMs: 200, staleBookMs: 60_000 },
        }),
      ];
      for (const bot of bots) await h.bots.resume('usr_http', bot.id);

      const seenBids = new Set<number>();
      for (let i = 0; i < 30; i++) {
        h.clock.advance(60_000);
        for (const bot of bots) {
          const result = await tick(deps, h, bot.id, `http-${i}`);
          expect(result.status).toBe('completed');
        }
        seenBids.add((await venue.getBook(tokenIds[0] as string)).bids[0]?.priceMicros ?? 0);
      }
      // Three bots, one HTTP book fetch per token per cycle (the per-cycle cache over the adapter), plus
      // one fresh fetch per order of the realistic bot: its order executes on a book fetched after its delay.
      const delayedOrders = (await tradesOf(h, bots[2]?.id as string)).filter((t) => t.kind === 'trade').length;
      expect(delayedOrders).toBeGreaterThan(0);
      expect((deps.marketData as MarketDataCache).fetches.books).toBe(30 * tokenIds.length + delayedOrders);
      // The market makers really moved the book between ticks.
      expect(seenBids.size).toBeGreaterThan(5);
      // A tick key runs once.
      expect((await tick(deps, h, bots[0]?.id as string, 'http-0')).status).toBe('duplicate');

      // Polymarket-fee bot: every executed fee is the schedule /clob-markets states (2 %, exponent 1), > 0.
      const reverting = (await tradesOf(h, bots[0]?.id as string)).filter((t) => t.status === 'executed');
      expect(reverting.length).toBeGreaterThan(0);
      for (const t of reverting) expect(t.feeMicros).toBeGreaterThan(0);
      const trending = (await tradesOf(h, bots[1]?.id as string)).filter((t) => t.status === 'executed');
      for (const t of trending) expect(t.feeMicros).toBe(Math.ceil(((t.amountMicros ?? 0) * 150) / 10_000));

      // No fill claims an average price outside (0, 1).
      for (const bot of bots) {
        for (const t of (await tradesOf(h, bot.id)).filter((r) => r.status === 'executed')) {
          expect((t.executionPriceMicros ?? -1) > 0 && (t.executionPriceMicros ?? 2_000_000) < 1_000_000).toBe(true);
        }
      }

      // Resolve through the sim's admin API; Gamma shows it resolved; the next tick settles positions.
      const held = new Set((await Promise.all(bots.map((b) => positionsOf(h, b.id)))).flat().filter((p) => p.sharesMicros > 0).map((p) => p.botId));
      const winner = tokenIds[0] as string;
      const res = await fetch(`${sim.url}/_sim/markets/${market.conditionId}/resolve`, { method: 'POST', body: JSON.stringify({ winner }) });
      expect(res.status).toBe(200);
      h.clock.advance(60_000);
      for (const bot of bots) expect((await tick(deps, h, bot.id, 'http-resolved')).status).toBe('completed');

      let executed = 0;
      let sold = 0;
      let settled = 0;
      for (const bot of bots) {
        const sums = await expectLedgerSums(h, bot.id);
        executed += sums.buys + sums.sells;
        sold += sums.sells;
        settled += sums.settlements;
        await expectReconciled(h, bot.id, START);
        for (const p of await positionsOf(h, bot.id)) expect(p.sharesMicros).toBe(0);
      }
      expect(executed).toBeGreaterThan(5);
      expect(sold).toBeGreaterThan(0);
      expect(settled).toBeGreaterThanOrEqual(held.size);
      expect(held.size).toBeGreaterThan(0);
      expect(await h.audit.verify()).toMatchObject({ ok: true });
    }, 120_000);
  });

  const describeWithData = describeIfSharedData('polymarket/ws');
  describeWithData(`paper bots over HTTP on the replayed price-change burst (${engine})`, () => {
    let h: Harness;
    let sim: ClobSim;
    let dir: string;
    const simClock = new ManualClock(Date.UTC(2026, 2, 1, 12));
    const burstFile = sharedDataPath('polymarket', 'ws', 'nt-rs_ws_market_price_change_crossing_burst.json');
    beforeAll(async () => {
      h = await createHarness(engine);
      await h.addUser('usr_replay_http');
      dir = mkdtempSync(join(tmpdir(), 'polymancer-burst-'));
      writeFileSync(join(dir, 'burst.json'), readFileSync(burstFile));
      sim = await createClobSim({ seed: 9, clock: simClock, replayDir: dir, seedQuotes: false, marketMakers: false });
    });
    afterAll(async () => {
      await sim.stop();
      await h.testDb.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    test('bots tick through every recorded book of the burst served over HTTP, see the same books as the WS replay, and reconcile to the unit', async () => {
      type Wire = { event_type?: string; market: string; asset_id?: string; timestamp: string; price_changes?: { asset_id: string }[] };
      const messages = JSON.parse(readFileSync(burstFile, 'utf8')) as Wire[];
      const first = messages[0];
      if (first?.asset_id === undefined) throw new Error('the burst starts with a book');
      const tokenId = first.asset_id;
      const conditionId = first.market;
      // The sim shows the replayed market as accepting orders (as recorded): paper bots trade on it as it is.

      const venue = httpVenue(sim);
      const deps = tickDeps(h, venue);
      const info = await venue.getMarket(conditionId);
      expect(info.outcomes.map((o) => o.tokenId)).toEqual([tokenId]);
      expect(info.tickSizeMicros).toBe(1_000);

      const markets = [{ conditionId, tokenIds: [tokenId] }];
      const bots: Bot[] = [
        await h.bots.create('usr_replay_http', { name: 'mr', markets, strategy: { kind: 'mean-reversion', params: { windowSize: 2, bandMicros: 1_000, orderAmountMicros: 5_000_000 } }, startingBalanceMicros: START }),
        await h.bots.create('usr_replay_http', { name: 'mo', markets, strategy: { kind: 'momentum', params: { lookbackMoves: 1, thresholdMicros: 1_000, orderAmountMicros: 5_000_000 } }, startingBalanceMicros: START, feeModel: { kind: 'polymarket' } }),
      ];
      for (const b of bots) await h.bots.resume('usr_replay_http', b.id);

      // The WS replay of the same messages, kept with the polymarket package's parsers: the book each
      // HTTP fetch must equal.
      const touches = (m: Wire) => m.asset_id === tokenId || (m.price_changes ?? []).some((c) => c.asset_id === tokenId);
      const relevant = messages.filter(touches);
      const t0 = Number(relevant[0]?.timestamp);
      const startMs = simClock.now().getTime();
      let expected: OrderBook | undefined;
      let steps = 0;
      for (const [i, message] of relevant.entries()) {
        const events = parseMarketMessage(message, { tickSizeMicros: 1_000 });
        if (!events.ok) throw events.error;
        if (expected === undefined) {
          const firstEvent = events.value[0];
          if (firstEvent?.type !== 'book') throw new Error('first event is not a book');
          expected = firstEvent.book;
        } else {
          const next = applyMarketEvents(expected, events.value);
          if (!next.ok) throw next.error;
          expected = next.value;
        }
        // Several messages can share a timestamp: the sim serves the last of them.
        if (relevant[i + 1]?.timestamp === message.timestamp) continue;
        simClock.set(startMs + Number(message.timestamp) - t0);
        h.clock.advance(60_000);
        expect(levels(await venue.getBook(tokenId))).toEqual(levels(expected));
        for (const b of bots) expect((await tick(deps, h, b.id, `burst-${i}`)).status).toBe('completed');
        steps += 1;
      }
      expect(steps).toBeGreaterThan(20);
      // One more tick on the final book: a position opened in a tick is marked only from the next
      // tick on (the tick marks before it trades), and `expectReconciled` counts an unmarked
      // position at 0 where the ledger values it at cost.
      h.clock.advance(60_000);
      for (const b of bots) expect((await tick(deps, h, b.id, 'burst-final')).status).toBe('completed');

      let executed = 0;
      for (const b of bots) {
        const sums = await expectLedgerSums(h, b.id);
        executed += sums.buys + sums.sells;
        await expectReconciled(h, b.id, START);
      }
      expect(executed).toBeGreaterThan(2);
    }, 120_000);
  });
}
