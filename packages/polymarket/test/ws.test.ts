import { describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import type { OrderBook } from '@polymancer/core';
import { readSharedJson, sharedDataPath, testWithSharedData } from '../../../test/shared-data.ts';
import { applyMarketEvent, applyMarketEvents, type MarketEvent, parseMarketMessage } from '../src/index.ts';

const DIR = 'polymarket/ws';
const events = (file: string): MarketEvent[] => {
  const r = parseMarketMessage(readSharedJson('polymarket', 'ws', file));
  if (!r.ok) throw new Error(`${file}: ${r.error.message}`);
  return r.value;
};
const one = (file: string): MarketEvent => {
  const [e] = events(file);
  if (e === undefined) throw new Error('no event');
  return e;
};

describe('parseMarketMessage on real captures', () => {
  testWithSharedData('parses every captured WebSocket message, ignoring user-channel and RTDS ones by name', DIR, () => {
    const files = readdirSync(sharedDataPath('polymarket', 'ws'));
    expect(files.length).toBeGreaterThanOrEqual(19);
    const kinds = new Set<string>();
    for (const file of files) for (const e of events(file)) kinds.add(e.type === 'ignored' ? `ignored:${e.eventType}` : e.type);
    expect([...kinds].sort()).toEqual([
      'best_bid_ask',
      'book',
      'ignored:crypto_prices',
      'ignored:equity_prices',
      'ignored:order',
      'ignored:trade',
      'ignored:unknown',
      'last_trade_price',
      'market_resolved',
      'new_market',
      'price_change',
      'tick_size_change',
    ]);
  });

  testWithSharedData('reads the legacy flat price_change as one ask-level change', DIR, () => {
    const e = one('nt-py_price_change.json');
    expect(e.type === 'price_change' && e.changes).toEqual([
      {
        tokenId: '48331043336612883890938759509493159234755048973500640148014422747788308965732',
        side: 'asks',
        priceMicros: 514_000,
        sizeMicros: 21_574_080_000,
        hash: 'bf32b3746fff40c76c98021b7f3f07261169dd26',
        bestBidMicros: undefined,
        bestAskMicros: undefined,
      },
    ]);
  });

  testWithSharedData('reads the current price_change shape with best bid and ask per entry', DIR, () => {
    const e = one('nt-py_price_change_v2.json');
    if (e.type !== 'price_change') throw new Error(e.type);
    expect(e.timestampMs).toBe(1_729_084_877_448);
    expect(e.changes.map((c) => [c.side, c.priceMicros, c.sizeMicros, c.bestBidMicros, c.bestAskMicros])).toEqual([
      ['bids', 600_000, 3_300_000_000, 600_000, 700_000],
      ['bids', 500_000, 3_400_000_000, 600_000, 700_000],
      ['bids', 700_000, 3_400_000_000, 600_000, 700_000],
    ]);
  });

  testWithSharedData('reads tick size changes, last trades, best bid/ask, new and resolved markets', DIR, () => {
    expect(one('nt-py_tick_size_change.json')).toMatchObject({ type: 'tick_size_change', oldTickSizeMicros: 10_000, newTickSizeMicros: 1_000 });
    expect(one('nt-py_last_trade_price.json')).toMatchObject({ type: 'last_trade_price', side: 'SELL', priceMicros: 491_000, sizeMicros: 85_360_000, feeRateBps: 0 });
    expect(one('nt-rs_ws_market_best_bid_ask_msg.json')).toMatchObject({ type: 'best_bid_ask', bestBidMicros: 730_000, bestAskMicros: 770_000, spreadMicros: 40_000 });
    expect(one('nt-rs_ws_market_new_market_msg.json')).toMatchObject({ type: 'new_market', outcomes: ['Yes', 'No'], tickSizeMicros: 10_000 });
    expect(one('nt-rs_ws_market_resolved_msg.json')).toMatchObject({
      type: 'market_resolved',
      winningOutcome: 'Yes',
      winningTokenId: '76043073756653678226373981964075571318267289248134717369284518995922789326425',
    });
  });
});

describe('replaying the recorded price-change burst', () => {
  const TOKEN = '76670567130917723816490572615540605537878462672464291990940067659127658071111';

  testWithSharedData('applies every delta to the first book and reproduces the final book exactly', DIR, () => {
    const burst = events('nt-rs_ws_market_price_change_crossing_burst.json');
    expect(burst).toHaveLength(51);
    const first = burst[0];
    const last = burst[50];
    if (first?.type !== 'book' || last?.type !== 'book') throw new Error('burst must start and end with a book');
    expect(first.book.tokenId).toBe(TOKEN);
    expect(first.book.tickSizeMicros).toBe(1_000);
    const replayed = applyMarketEvents(first.book, burst.slice(1, 50));
    if (!replayed.ok) throw replayed.error;
    expect(replayed.value.bids).toEqual(last.book.bids);
    expect(replayed.value.asks).toEqual(last.book.asks);
  });

  testWithSharedData('matches the feed’s best bid and ask after every delta sent before the final book’s millisecond', DIR, () => {
    const burst = events('nt-rs_ws_market_price_change_crossing_burst.json');
    const first = burst[0];
    const last = burst[50];
    if (first?.type !== 'book' || last?.type !== 'book') throw new Error('no book');
    let book: OrderBook = first.book;
    const deltas = burst.slice(1, 50);
    let checked = 0;
    deltas.forEach((event, i) => {
      const next = applyMarketEvent(book, event);
      if (!next.ok) throw next.error;
      book = next.value;
      // The feed quirk: deltas stamped with the final book's millisecond already carry its end-state BBO.
      if (event.type !== 'price_change' || event.timestampMs === last.book.timestampMs) return;
      expect(i).toBeLessThan(46);
      for (const change of event.changes) {
        if (change.tokenId !== TOKEN) continue;
        expect(book.bids[0]?.priceMicros).toBe(change.bestBidMicros as number);
        expect(book.asks[0]?.priceMicros).toBe(change.bestAskMicros as number);
        checked += 1;
      }
    });
    expect(checked).toBe(46); // 49 deltas, the last 3 share the final millisecond
  });
});

describe('parseMarketMessage on constructed frames', () => {
  test('parses an array frame in order and names the failing field', () => {
    const frame = [
      { event_type: 'tick_size_change', asset_id: '1', market: '0x1', old_tick_size: '0.01', new_tick_size: '0.001', timestamp: '5' },
      { event_type: 'best_bid_ask', asset_id: '1', market: '0x1', best_bid: '0.4', best_ask: '0.5', spread: '0.1', timestamp: '6' },
    ];
    const r = parseMarketMessage(frame);
    expect(r.ok && r.value.map((e) => e.type)).toEqual(['tick_size_change', 'best_bid_ask']);
    const bad = parseMarketMessage([frame[0], { ...frame[1], best_bid: 'x' }]);
    expect(!bad.ok && bad.error.path).toBe('$[1].best_bid');
  });

  test('applies a tick size change only to the book of its token', () => {
    const book: OrderBook = { tokenId: '1', bids: [], asks: [], tickSizeMicros: 10_000, minOrderSizeMicros: 0, timestampMs: 0 };
    const change: MarketEvent = { type: 'tick_size_change', conditionId: '0x1', tokenId: '1', oldTickSizeMicros: 10_000, newTickSizeMicros: 1_000, timestampMs: 7 };
    const r = applyMarketEvent(book, change);
    expect(r.ok && r.value.tickSizeMicros).toBe(1_000);
    const other = applyMarketEvent(book, { ...change, tokenId: '2' });
    expect(other.ok && other.value).toBe(book);
  });
});
