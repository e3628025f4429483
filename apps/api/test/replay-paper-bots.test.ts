/**
 * Issue 16: paper bots created through the API trade on `--replay` markets — recorded books replayed by the
 * local exchange as the live book, time moving forward on an injected clock. Two recordings from
 * ../shared/data (copied to a temp folder at test time, never into the repo): the 2024 election "No" book
 * with the market's description (the "Yes" book is its complement), and the 2026 price-change burst.
 * The bots are checked against the exchange's catalogue on create, ticked by the real tick over HTTP
 * market data, and read back through the API.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMarketDataCache, paperExecution, runTick, type MarketData, type TickDeps } from '@polymancer/bots';
import { type ClobSim, createClobSim } from '@polymancer/clob-sim';
import { ManualClock } from '@polymancer/core';
import { createTickStore } from '@polymancer/db';
import { createPolymarketMarketData } from '@polymancer/polymarket';
import { builtInStrategies, type Decision, type StrategySet } from '@polymancer/strategies';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData, readSharedJson, sharedDataPath } from '../../../test/shared-data.ts';
import { signUp, type SignedIn } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { getJson, send } from './bots-helpers.ts';

interface TradeJson {
  readonly kind: string;
  readonly status: string;
  readonly side: string | null;
  readonly tokenId: string | null;
  readonly sharesMicros: number | null;
  readonly decisionPriceMicros: number | null;
  readonly executionPriceMicros: number | null;
  readonly rejectionCode: string | null;
}
type Level = { price: string; size: string };
type WireBook = { market: string; asset_id: string; timestamp: string; bids: Level[]; asks: Level[] };
type WireMessage = { event_type?: string; market: string; asset_id?: string; timestamp: string; bids?: Level[]; asks?: Level[] };

const micros = (price: string) => Math.round(Number(price) * 1_000_000);
/** Best level of a recorded side (levels are listed best last). */
const best = (levels: readonly Level[]) => micros(levels[levels.length - 1]!.price);

/** Answers what the test queued, then holds (stands in for the bot's mean-reversion strategy in ticks). */
class QueuedStrategy {
  readonly kind = 'mean-reversion';
  readonly queue: Decision[] = [];
  async decide(): Promise<Decision> {
    return this.queue.shift() ?? { kind: 'hold', code: 'no_signal', reasoning: 'nothing queued' };
  }
}

const describeWithData = describeIfSharedData('polymarket');

for (const engine of testEngines()) {
  describeWithData(`paper bots created through the API on replayed markets (${engine})`, () => {
    let h: ApiHarness;
    let sim: ClobSim;
    let dir: string;
    let owner: SignedIn;
    let scripted: TickDeps;
    let builtIn: TickDeps;
    const queued = new QueuedStrategy();
    // The exchange's clock drives the replay; the API's clock drives ticks. Both are moved by the test.
    const simClock = new ManualClock(Date.UTC(2026, 10, 2, 9));
    /** When the replay started: a token's recording is at ts_0 + (exchange time − this). */
    const replayStartMs = simClock.now().getTime();
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'polymancer-replay-'));
      copyFileSync(sharedDataPath('polymarket', 'books', 'nt-py_ws_book.json'), join(dir, 'election-book.json'));
      copyFileSync(sharedDataPath('polymarket', 'markets', 'nt-py_clob_market.json'), join(dir, 'election-market.json'));
      copyFileSync(sharedDataPath('polymarket', 'ws', 'nt-rs_ws_market_price_change_crossing_burst.json'), join(dir, 'burst.json'));
      sim = await createClobSim({ seed: 2, clock: simClock, replayDir: dir, seedQuotes: false, marketMakers: false });
      const venue: MarketData = createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma`, dataUrl: `${sim.url}/data-api`, synthetic: true });
      h = await createApiHarness(engine, {}, { markets: venue });
      owner = await signUp(h, 'replay-owner');
      const depsWith = (strategies: StrategySet): TickDeps => ({
        store: createTickStore(h.database.handle.db, h.clock),
        marketData: createMarketDataCache(venue, { clock: h.clock, bookTtlMs: 1_000 }),
        strategies,
        execution: paperExecution,
        clock: h.clock,
        sleep: async (ms) => h.clock.advance(ms),
      });
      scripted = depsWith({ ...builtInStrategies(), 'mean-reversion': queued as unknown as StrategySet['mean-reversion'] });
      builtIn = depsWith(builtInStrategies());
    }, 240_000);
    afterAll(async () => {
      await sim.stop();
      await h.dispose();
      rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    let n = 0;
    async function tick(deps: TickDeps, botId: string): Promise<void> {
      h.clock.advance(60_000);
      const result = await runTick(deps, { botId, tickKey: `replay-${++n}` }, h.clock.now());
      expect(result.status).toBe('completed');
    }

    async function createActiveBot(body: Record<string, unknown>): Promise<string> {
      const res = await send(h, owner.token, 'POST', '/api/v1/bots', body);
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      expect((await send(h, owner.token, 'POST', `/api/v1/bots/${id}/resume`)).status).toBe(200);
      return id;
    }

    const tradesOf = async (botId: string) => (await getJson<{ items: TradeJson[] }>(h, owner.token, `/api/v1/bots/${botId}/trades?limit=100`)).items.reverse();

    test('on the recorded 2024 election book: buys Yes at the complement of the recorded No bids and sells at the complement of its asks', async () => {
      const market = readSharedJson<{ condition_id: string; tokens: { token_id: string; outcome: string }[] }>('polymarket', 'markets', 'nt-py_clob_market.json');
      const noBook = readSharedJson<WireBook>('polymarket', 'books', 'nt-py_ws_book.json');
      const yes = market.tokens.find((t) => t.outcome === 'Yes')!.token_id;
      const no = market.tokens.find((t) => t.outcome === 'No')!.token_id;
      // The API checks the bot's market against the exchange's catalogue: the replayed market is known.
      const unknownToken = await send(h, owner.token, 'POST', '/api/v1/bots', { name: 'x', markets: [{ conditionId: market.condition_id, tokenIds: ['42'] }], strategy: { kind: 'mean-reversion' } });
      expect(unknownToken.status).toBe(422);
      const botId = await createActiveBot({ name: 'election', markets: [{ conditionId: market.condition_id, tokenIds: [yes, no] }], strategy: { kind: 'mean-reversion' } });

      queued.queue.push({ kind: 'trade', side: 'buy', tokenId: yes, amountMicros: 100_000_000, limitPriceMicros: 500_000, reasoning: 'buy Yes', confidencePerMille: 600 });
      await tick(scripted, botId);
      const [bought] = await tradesOf(botId);
      const yesAsk = 1_000_000 - best(noBook.bids); // 1 − 0.511
      expect(bought).toMatchObject({ kind: 'trade', status: 'executed', side: 'buy', tokenId: yes, decisionPriceMicros: yesAsk });
      expect(yesAsk).toBe(489_000);
      // Filled on the one best level; the average differs from it only by the share rounding (2 decimals).
      expect(Math.abs(bought!.executionPriceMicros! - yesAsk)).toBeLessThan(50);

      queued.queue.push({ kind: 'trade', side: 'sell', tokenId: yes, sharesMicros: bought!.sharesMicros!, limitPriceMicros: 480_000, reasoning: 'sell Yes', confidencePerMille: 600 });
      await tick(scripted, botId);
      const [, sold] = await tradesOf(botId);
      const yesBid = 1_000_000 - best(noBook.asks); // 1 − 0.514
      expect(sold).toMatchObject({ kind: 'trade', status: 'executed', side: 'sell', tokenId: yes, sharesMicros: bought!.sharesMicros, decisionPriceMicros: yesBid });
      expect(Math.abs(sold!.executionPriceMicros! - yesBid)).toBeLessThan(50);
      const positions = await getJson<{ items: { tokenId: string; sharesMicros: number }[] }>(h, owner.token, `/api/v1/bots/${botId}/positions`);
      expect(positions.items.every((p) => p.sharesMicros === 0)).toBe(true);
    }, 120_000);

    test('on the recorded 2026 price-change burst: bots trade the replayed book as time moves through the recording', async () => {
      const messages = JSON.parse(readFileSync(join(dir, 'burst.json'), 'utf8')) as WireMessage[];
      const first = messages[0]!;
      const tokenId = first.asset_id!;
      const markets = [{ conditionId: first.market, tokenIds: [tokenId] }];
      const bots = [
        await createActiveBot({ name: 'burst momentum', markets, strategy: { kind: 'momentum', params: { lookbackMoves: 1, thresholdMicros: 1_000, orderAmountMicros: 5_000_000 } } }),
        await createActiveBot({ name: 'burst reversion', markets, strategy: { kind: 'mean-reversion', params: { windowSize: 2, bandMicros: 1_000, orderAmountMicros: 5_000_000 } } }),
      ];
      // Walk the exchange's clock through the recording, one tick per bot at each recorded timestamp.
      const t0 = Number(first.timestamp);
      const timestamps = [...new Set(messages.map((m) => Number(m.timestamp)))].sort((a, b) => a - b);
      const bestAsks = new Set<number>();
      const bestBids = new Set<number>();
      for (const ts of timestamps) {
        simClock.set(replayStartMs + ts - t0);
        const served = (await (await fetch(`${sim.url}/book?token_id=${tokenId}`)).json()) as WireBook;
        bestAsks.add(best(served.asks));
        bestBids.add(best(served.bids));
        for (const botId of bots) await tick(builtIn, botId);
      }
      // The book really moved under the bots.
      expect(bestAsks.size).toBeGreaterThan(1);
      const executed = (await Promise.all(bots.map(tradesOf))).flat().filter((t) => t.kind === 'trade' && t.status === 'executed');
      expect(executed.length).toBeGreaterThan(0);
      // Every decision priced off a book the replay served: a best ask (buys) or best bid (sells) of some recorded moment.
      for (const t of executed) expect((t.side === 'buy' ? bestAsks : bestBids).has(t.decisionPriceMicros!)).toBe(true);
    }, 120_000);
  });
}
