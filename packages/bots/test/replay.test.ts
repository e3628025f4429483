import { afterAll, beforeAll, expect, test } from 'bun:test';
import { applyLevelUpdate, createOrderBook, type OrderBook, parseMicros } from '@polymancer/core';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData, readSharedJson } from '../../../test/shared-data.ts';
import type { MarketData, MarketInfo } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { expectReconciled, tick, tickDeps } from './tick-harness.ts';

interface WireLevel {
  readonly price: string;
  readonly size: string;
}
type WireMessage =
  | { event_type: 'book'; market: string; asset_id: string; timestamp: string; bids: WireLevel[]; asks: WireLevel[] }
  | { event_type: 'price_change'; market: string; timestamp: string; price_changes: Array<{ asset_id: string; price: string; size: string; side: 'BUY' | 'SELL' }> };

const micros = (s: string) => {
  const r = parseMicros(s);
  if (!r.ok) throw r.error;
  return r.value;
};

/** The recorded WS burst replayed message by message: the venue's book is whatever has arrived so far. */
class ReplayVenue implements MarketData {
  book: OrderBook;
  readonly market: MarketInfo;
  constructor(first: Extract<WireMessage, { event_type: 'book' }>) {
    const level = (l: WireLevel) => ({ priceMicros: micros(l.price), sizeMicros: micros(l.size) });
    const r = createOrderBook({ tokenId: first.asset_id, bids: first.bids.map(level), asks: first.asks.map(level), tickSizeMicros: 1_000, minOrderSizeMicros: 5_000_000, timestampMs: Number(first.timestamp) });
    if (!r.ok) throw r.error;
    this.book = r.value;
    this.market = {
      conditionId: first.market,
      question: 'Recorded burst market',
      outcomes: [{ tokenId: first.asset_id, outcome: 'Yes' }],
      tickSizeMicros: 1_000,
      minOrderSizeMicros: 5_000_000,
      acceptingOrders: true,
      closed: false,
    };
  }
  apply(message: WireMessage): void {
    if (message.event_type !== 'price_change') return;
    for (const change of message.price_changes) {
      if (change.asset_id !== this.book.tokenId) continue;
      const r = applyLevelUpdate(this.book, { side: change.side === 'BUY' ? 'bids' : 'asks', priceMicros: micros(change.price), sizeMicros: micros(change.size) }, Number(message.timestamp));
      if (!r.ok) throw r.error;
      this.book = r.value;
    }
  }
  async getMarket(): Promise<MarketInfo> {
    return this.market;
  }
  async getBook(): Promise<OrderBook> {
    return this.book;
  }
}

const describeWithData = describeIfSharedData('polymarket/ws');

for (const engine of testEngines()) {
  describeWithData(`the tick on the recorded price-change burst (${engine})`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(engine);
      await h.addUser('usr_replay');
    });
    afterAll(() => h.testDb.dispose());

    test('bots ticking through every message of the burst reconcile to the unit', async () => {
      const messages = readSharedJson<WireMessage[]>('polymarket', 'ws', 'nt-rs_ws_market_price_change_crossing_burst.json');
      const first = messages[0];
      if (first?.event_type !== 'book') throw new Error('the burst starts with a book');
      const venue = new ReplayVenue(first);
      const deps = tickDeps(h, venue);
      const markets = [{ conditionId: first.market, tokenIds: [first.asset_id] }];
      const bots = [
        await h.bots.create('usr_replay', { name: 'mr', markets, strategy: { kind: 'mean-reversion', params: { windowSize: 2, bandMicros: 1_000, orderAmountMicros: 5_000_000 } }, startingBalanceMicros: 100_000_000 }),
        await h.bots.create('usr_replay', { name: 'mo', markets, strategy: { kind: 'momentum', params: { lookbackMoves: 1, thresholdMicros: 1_000, orderAmountMicros: 5_000_000 } }, startingBalanceMicros: 100_000_000 }),
      ];
      for (const b of bots) await h.bots.resume('usr_replay', b.id);
      for (const [i, message] of messages.entries()) {
        venue.apply(message);
        h.clock.set(Number(message.timestamp) + i);
        for (const b of bots) expect((await tick(deps, h, b.id, `m${i}`)).status).toBe('completed');
      }
      let executed = 0;
      for (const b of bots) executed += (await expectReconciled(h, b.id, 100_000_000)).executed;
      expect(executed).toBeGreaterThan(2);
    }, 60_000);
  });
}
