/**
 * Issue 16: a paper fill is an order the exchange would accept. For fills sampled from the recorded
 * books in ../shared/data/polymarket/books (buys by amount and sells by shares, several sizes, each
 * book's real tick), the equivalent FOK order — maker and taker amounts taken from the paper fill —
 * passes this local exchange's order checks (`checkOrderTerms`: V2 precision, $1 marketable BUY).
 * The same fills without the venue rounding fail them, so the test measures the rounding.
 */
import { describe, expect } from 'bun:test';
import { readdirSync } from 'node:fs';
import { createOrderBook, FlatFeeModel, type FokFill, type FokRequest, fillOrKill, fillOrKillOnVenue, type OrderBook, parseMicros } from '@polymancer/core';
import { readSharedJson, sharedDataPath, testWithSharedData } from '../../../test/shared-data.ts';
import type { SimMarket } from '../src/markets/types.ts';
import { checkOrderTerms } from '../src/orders/validate.ts';

interface WireBook {
  readonly asset_id?: string;
  readonly bids?: ReadonlyArray<{ price: string; size: string }>;
  readonly asks?: ReadonlyArray<{ price: string; size: string }>;
  readonly tick_size?: string;
}

const micros = (s: string): number => {
  const r = parseMicros(s);
  if (!r.ok) throw r.error;
  return r.value;
};

/** The book's own tick when it states one, else the finest tick its prices need (at least 0.01). */
function tickOf(wire: WireBook): number {
  if (wire.tick_size !== undefined) return micros(wire.tick_size);
  const decimals = Math.max(2, ...[...(wire.bids ?? []), ...(wire.asks ?? [])].map((l) => (l.price.split('.')[1] ?? '').length));
  return 10 ** (6 - decimals);
}

function recordedBooks(): Array<{ name: string; book: OrderBook }> {
  const dir = sharedDataPath('polymarket', 'books');
  const out: Array<{ name: string; book: OrderBook }> = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const wire = readSharedJson<WireBook>('polymarket', 'books', name);
    if (wire.bids === undefined || wire.asks === undefined) continue;
    const tick = tickOf(wire);
    const level = (l: { price: string; size: string }) => ({ priceMicros: micros(l.price), sizeMicros: micros(l.size) });
    const r = createOrderBook({ tokenId: wire.asset_id ?? name, bids: wire.bids.map(level), asks: wire.asks.map(level), tickSizeMicros: tick, minOrderSizeMicros: 5_000_000, timestampMs: 0 });
    if (r.ok) out.push({ name, book: r.value });
  }
  return out;
}

/** The FOK order a client would send for this fill: BUY maker = pUSD, taker = shares; SELL the reverse. */
function equivalentOrder(fill: FokFill) {
  return fill.side === 'BUY'
    ? { side: 'BUY' as const, makerAmount: fill.notionalMicros, takerAmount: fill.sharesMicros, expirationSecs: 0 }
    : { side: 'SELL' as const, makerAmount: fill.sharesMicros, takerAmount: fill.notionalMicros, expirationSecs: 0 };
}

const BUY_AMOUNTS = [1_234_567, 5_000_000, 17_777_777, 123_456_789, 999_999_999];
const SELL_SHARES = [5_123_456, 12_345_678, 77_777_777, 250_000_001];

describe('paper fills on recorded books are orders the exchange accepts', () => {
  testWithSharedData('every sampled venue-rounded fill passes the local exchange’s order checks; unrounded ones do not', 'polymarket/books', () => {
    const books = recordedBooks();
    expect(books.length).toBeGreaterThanOrEqual(3);
    let accepted = 0;
    let rawRefused = 0;
    for (const { name, book } of books) {
      const market = { tickSizeMicros: book.tickSizeMicros, minOrderSizeMicros: book.minOrderSizeMicros } as unknown as SimMarket;
      const requests: FokRequest[] = [
        ...BUY_AMOUNTS.map((amountMicros) => ({ side: 'BUY' as const, by: 'amount' as const, amountMicros })),
        ...SELL_SHARES.map((sharesMicros) => ({ side: 'SELL' as const, by: 'shares' as const, sharesMicros })),
      ];
      for (const request of requests) {
        const options = { feeModel: new FlatFeeModel(), minOrderSizeMicros: book.minOrderSizeMicros };
        const fill = fillOrKillOnVenue(book, request, options);
        if (!fill.ok) continue; // the book cannot fill it: nothing to place
        const checked = checkOrderTerms(`paper-${name}`, equivalentOrder(fill.value), 'FOK', market, 0);
        if (!checked.ok) throw new Error(`${name} ${JSON.stringify(request)}: ${checked.error}`);
        accepted += 1;
        const raw = fillOrKill(book, request, options);
        if (raw.ok && !checkOrderTerms('raw', equivalentOrder(raw.value), 'FOK', market, 0).ok) rawRefused += 1;
      }
    }
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(rawRefused).toBeGreaterThan(accepted / 2);
    console.log(`paper fill precision: ${accepted} venue-rounded fills accepted over ${books.length} recorded books; ${rawRefused} of their unrounded twins refused`);
  });
});
