import { describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { bestAsk, bestBid, FlatFeeModel, fillOrKill, type FokFill, midpointMicros, PolymarketFeeModel, visibleDepth } from '@polymancer/core';
import { readSharedJson, sharedDataPath, testWithSharedData } from '../../../test/shared-data.ts';
import { type ParsedBook, parseClobBook } from '../src/index.ts';

const DIR = 'polymarket/books';
const parsed = (file: string): ParsedBook => {
  const r = parseClobBook(readSharedJson('polymarket', 'books', file));
  if (!r.ok) throw r.error;
  return r.value;
};

describe('parseClobBook on real captures', () => {
  testWithSharedData('parses every captured book, best level first on both sides', DIR, () => {
    const files = readdirSync(sharedDataPath('polymarket', 'books'));
    expect(files.length).toBe(5);
    for (const file of files) {
      const json = readSharedJson<Record<string, unknown>>('polymarket', 'books', file);
      const books = Array.isArray(json.data) ? (json.data as unknown[]) : [json];
      for (const wire of books) {
        const r = parseClobBook(wire);
        if (!r.ok) throw new Error(`${file}: ${r.error.message}`);
        const { bids, asks } = r.value.book;
        for (let i = 1; i < bids.length; i++) expect((bids[i - 1]?.priceMicros ?? 0) > (bids[i]?.priceMicros ?? 0)).toBe(true);
        for (let i = 1; i < asks.length; i++) expect((asks[i - 1]?.priceMicros ?? 0) < (asks[i]?.priceMicros ?? 0)).toBe(true);
      }
    }
  });

  testWithSharedData('reads the deep 2024 election book: 76 bids, 86 asks, tick inferred as 0.001', DIR, () => {
    const { book, meta } = parsed('nt-py_ws_book.json');
    expect(book.bids).toHaveLength(76);
    expect(book.asks).toHaveLength(86);
    expect(book.tokenId).toBe('48331043336612883890938759509493159234755048973500640148014422747788308965732');
    expect(meta.conditionId).toBe('0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917');
    expect(meta.tickSource).toBe('inferred');
    expect(book.tickSizeMicros).toBe(1_000);
    expect(book.timestampMs).toBe(1_728_799_418_260);
    expect(bestBid(book)).toEqual({ priceMicros: 511_000, sizeMicros: 1_304_720_000 });
    expect(bestAsk(book)).toEqual({ priceMicros: 514_000, sizeMicros: 20_230_870_000 });
    expect(midpointMicros(book)).toBe(512_500);
    expect(visibleDepth(book, 'bids').sharesMicros).toBe(19_320_404_920_000);
    expect(visibleDepth(book, 'asks').sharesMicros).toBe(13_940_479_910_000);
  });

  testWithSharedData('takes tick, minimum size, neg-risk and last trade price from the payload when present', DIR, () => {
    const snap = parsed('nt-rs_ws_book_snapshot_captured.json');
    expect(snap.meta.tickSource).toBe('payload');
    expect(snap.book.tickSizeMicros).toBe(10_000);
    expect(snap.meta.lastTradePriceMicros).toBe(920_000);
    const history = readSharedJson<{ data: unknown[] }>('polymarket', 'books', 'nt-py_orderbook_history_FIXTURE.json');
    const first = parseClobBook(history.data[0]);
    expect(first.ok && first.value.book.minOrderSizeMicros).toBe(5_000_000);
    expect(first.ok && first.value.meta.negRisk).toBe(false);
  });

  test('uses the caller’s tick for a payload without one, and refuses levels off it', () => {
    const wire = { market: '0x1', asset_id: '7', timestamp: '1', hash: 'h', bids: [{ price: '0.48', size: '10' }], asks: [{ price: '0.52', size: '5' }] };
    const ok = parseClobBook(wire, { tickSizeMicros: 10_000, minOrderSizeMicros: 5_000_000 });
    expect(ok.ok && ok.value.meta.tickSource).toBe('caller');
    expect(ok.ok && ok.value.book.minOrderSizeMicros).toBe(5_000_000);
    const off = parseClobBook(wire, { tickSizeMicros: 100_000 });
    expect(!off.ok && off.error.code).toBe('polymarket_parse_failed');
    const bad = parseClobBook({ ...wire, bids: [{ price: '0.48', size: '1e3' }] });
    expect(!bad.ok && bad.error.path).toBe('$.bids[0].size');
  });
});

describe('fillOrKill on the real deep book (2024 election, No token)', () => {
  const flat = new FlatFeeModel();
  const poly = new PolymarketFeeModel({ rateMicros: 40_000, exponent: 1, takerOnly: true });
  const fill = (r: ReturnType<typeof fillOrKill>): FokFill => {
    if (!r.ok) throw new Error(r.error.reason);
    return r.value;
  };

  testWithSharedData('buys 50,000 shares across two ask levels with the hand-computed figures', DIR, () => {
    const { book } = parsed('nt-py_ws_book.json');
    const f = fill(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 50_000_000_000 }, { feeModel: flat }));
    // 20,230.87 @ 0.514 + 29,769.13 @ 0.515 = 25,729.76913
    expect(f.legs.map((l) => [l.priceMicros, l.sharesMicros])).toEqual([
      [514_000, 20_230_870_000],
      [515_000, 29_769_130_000],
    ]);
    expect(f.notionalMicros).toBe(25_729_769_130);
    expect(f.averagePriceMicros).toBe(514_595); // 0.5145953826
    expect(f.slippageBps).toBe(12); // 11.58 bps
    expect(f.marketImpactBps).toBe(36); // 50,000 / 13,940,479.91
    expect(f.feeMicros).toBe(514_595_383); // 2 % per leg, rounded up
    const p = fill(fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 50_000_000_000 }, { feeModel: poly }));
    expect(p.feeMicros).toBe(499_573_450); // Σ shares × 0.04 × p(1−p), floored to 5 decimals per leg
  });

  testWithSharedData('sells 50,000 shares across five bid levels with the hand-computed figures', DIR, () => {
    const { book } = parsed('nt-py_ws_book.json');
    const f = fill(fillOrKill(book, { side: 'SELL', by: 'shares', sharesMicros: 50_000_000_000 }, { feeModel: flat }));
    expect(f.legs).toHaveLength(5);
    expect(f.worstPriceMicros).toBe(506_000);
    expect(f.notionalMicros).toBe(25_360_007_950);
    expect(f.averagePriceMicros).toBe(507_200);
    expect(f.slippageBps).toBe(75); // 74.36 bps
    expect(f.marketImpactBps).toBe(26);
    expect(f.feeMicros).toBe(507_200_161);
    expect(f.cashDeltaMicros).toBe(25_360_007_950 - 507_200_161);
    const p = fill(fillOrKill(book, { side: 'SELL', by: 'shares', sharesMicros: 50_000_000_000 }, { feeModel: poly }));
    expect(p.feeMicros).toBe(499_889_550);
  });

  testWithSharedData('spends $10,000 inside the best ask with no slippage', DIR, () => {
    const { book } = parsed('nt-py_ws_book.json');
    const f = fill(fillOrKill(book, { side: 'BUY', by: 'amount', amountMicros: 10_000_000_000 }, { feeModel: flat }));
    expect(f.sharesMicros).toBe(19_455_252_918); // floor(10,000 / 0.514) to the micro-share
    expect(f.notionalMicros).toBe(10_000_000_000);
    expect(f.slippageBps).toBe(0);
  });

  testWithSharedData('rejects a FOK larger than the whole visible side and accepts exactly all of it', DIR, () => {
    const { book } = parsed('nt-py_ws_book.json');
    const all = fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 13_940_479_910_000 }, { feeModel: flat });
    expect(all.ok && all.value.legs.length).toBe(86);
    expect(all.ok && all.value.marketImpactBps).toBe(10_000);
    const more = fillOrKill(book, { side: 'BUY', by: 'shares', sharesMicros: 13_940_479_910_001 }, { feeModel: flat });
    expect(!more.ok && more.error.code).toBe('insufficient_depth');
    const sell = fillOrKill(book, { side: 'SELL', by: 'shares', sharesMicros: 19_320_404_920_001 }, { feeModel: flat });
    expect(!sell.ok && sell.error.code).toBe('insufficient_depth');
  });
});
