import { describe, expect, test } from 'bun:test';
import { matchOrder } from './engine.ts';
import { takerFeeMicros } from './fee.ts';
import { OrderBook } from './order-book.ts';
import type { IncomingOrder, Side, TimeInForce } from './types.ts';

const M = 1_000_000;
const noFee = () => 0;

function rest(book: OrderBook, id: string, maker: string, side: Side, price: number, shares: number): void {
  book.add({ orderId: id, makerAddress: maker, side, priceMicros: price, remainingMicros: shares * M, seq: book.nextSeq() });
}

function incoming(side: Side, price: number, shares: number, tif: TimeInForce = 'GTC', maker = 'taker', postOnly = false): IncomingOrder {
  return {
    orderId: `in-${Math.random()}`,
    makerAddress: maker,
    side,
    limit: { collateralMicros: BigInt(price) * BigInt(shares), sharesMicros: BigInt(shares * M) },
    sizeMicros: shares * M,
    restingPriceMicros: price,
    timeInForce: tif,
    postOnly,
  };
}

describe('matching engine', () => {
  test('fills the best price first and the oldest order first within a price', () => {
    const book = new OrderBook();
    rest(book, 'a-053', 'm1', 'SELL', 530_000, 10);
    rest(book, 'b-052-old', 'm2', 'SELL', 520_000, 10);
    rest(book, 'c-052-new', 'm3', 'SELL', 520_000, 10);
    const result = matchOrder(book, incoming('BUY', 530_000, 25), noFee);
    if (!result.ok) throw new Error('expected a match');
    expect(result.fills.map((f) => [f.makerOrderId, f.sizeMicros / M, f.priceMicros])).toEqual([
      ['b-052-old', 10, 520_000],
      ['c-052-new', 10, 520_000],
      ['a-053', 5, 530_000],
    ]);
    expect(book.levels('SELL')).toEqual([{ priceMicros: 530_000, sizeMicros: 5 * M }]);
  });

  test('fills at the resting price, never beyond the taker limit, and rests a GTC remainder', () => {
    const book = new OrderBook();
    rest(book, 'ask', 'm1', 'SELL', 500_000, 10);
    rest(book, 'too-high', 'm1', 'SELL', 600_000, 10);
    const result = matchOrder(book, incoming('BUY', 550_000, 30), noFee);
    if (!result.ok) throw new Error('expected a match');
    expect(result.filledMicros).toBe(10 * M);
    expect(result.fills[0]?.collateralMicros).toBe(5 * M);
    expect(result.rested?.remainingMicros).toBe(20 * M);
    expect(book.bestPrice('BUY')).toBe(550_000);
  });

  test('partially fills a resting order and keeps its remainder with its time priority', () => {
    const book = new OrderBook();
    rest(book, 'big', 'm1', 'BUY', 400_000, 100);
    rest(book, 'later', 'm2', 'BUY', 400_000, 100);
    const result = matchOrder(book, incoming('SELL', 400_000, 30, 'FAK'), noFee);
    if (!result.ok) throw new Error('expected a match');
    expect(book.bids[0]?.orderId).toBe('big');
    expect(book.bids[0]?.remainingMicros).toBe(70 * M);
  });

  test('kills a FOK that cannot fill entirely and leaves the book unchanged', () => {
    const book = new OrderBook();
    rest(book, 'ask', 'm1', 'SELL', 500_000, 10);
    const result = matchOrder(book, incoming('BUY', 500_000, 11, 'FOK'), noFee);
    expect(result).toEqual({ ok: false, reason: 'fok_not_filled' });
    expect(book.levels('SELL')).toEqual([{ priceMicros: 500_000, sizeMicros: 10 * M }]);
  });

  test('fills a FOK completely when depth suffices', () => {
    const book = new OrderBook();
    rest(book, 'a', 'm1', 'SELL', 500_000, 10);
    rest(book, 'b', 'm2', 'SELL', 510_000, 10);
    const result = matchOrder(book, incoming('BUY', 510_000, 15, 'FOK'), noFee);
    if (!result.ok) throw new Error('expected a fill');
    expect(result.filledMicros).toBe(15 * M);
    expect(result.rested).toBeUndefined();
  });

  test('FAK fills what crosses and cancels the rest; with nothing to cross it is rejected', () => {
    const book = new OrderBook();
    rest(book, 'a', 'm1', 'SELL', 500_000, 10);
    const partial = matchOrder(book, incoming('BUY', 500_000, 25, 'FAK'), noFee);
    if (!partial.ok) throw new Error('expected a fill');
    expect(partial.filledMicros).toBe(10 * M);
    expect(partial.cancelledMicros).toBe(15 * M);
    expect(book.size).toBe(0);
    expect(matchOrder(book, incoming('BUY', 500_000, 5, 'FAK'), noFee)).toEqual({ ok: false, reason: 'fak_no_match' });
  });

  test('rejects a postOnly order that would cross, and rests one that would not', () => {
    const book = new OrderBook();
    rest(book, 'a', 'm1', 'SELL', 500_000, 10);
    expect(matchOrder(book, incoming('BUY', 500_000, 5, 'GTC', 'taker', true), noFee)).toEqual({ ok: false, reason: 'post_only_crosses' });
    const resting = matchOrder(book, incoming('BUY', 490_000, 5, 'GTC', 'taker', true), noFee);
    expect(resting.ok && resting.rested?.priceMicros).toBe(490_000);
  });

  test('a market BUY with a budget spends it at the resting prices and receives every share it buys', () => {
    const book = new OrderBook();
    rest(book, 'cheap', 'm1', 'SELL', 500_000, 20);
    rest(book, 'dear', 'm2', 'SELL', 520_000, 100);
    const order = { ...incoming('BUY', 520_000, 50, 'FOK'), budgetMicros: 26 * M };
    const result = matchOrder(book, order, noFee);
    if (!result.ok) throw new Error('expected a fill');
    expect(result.fills.map((f) => [f.sizeMicros, f.collateralMicros])).toEqual([
      [20 * M, 10 * M],
      [30_769_230, 16 * M],
    ]);
    expect(result.filledMicros).toBe(50_769_230);
    expect(result.cancelledMicros).toBe(0);
  });

  test('a market BUY FOK whose budget the crossing depth cannot absorb is killed', () => {
    const book = new OrderBook();
    rest(book, 'a', 'm1', 'SELL', 500_000, 20);
    const order = { ...incoming('BUY', 500_000, 30, 'FOK'), budgetMicros: 15 * M };
    expect(matchOrder(book, order, noFee)).toEqual({ ok: false, reason: 'fok_not_filled' });
    const fak = matchOrder(book, { ...order, timeInForce: 'FAK' }, noFee);
    expect(fak.ok && [fak.filledMicros, fak.cancelledMicros]).toEqual([20 * M, 5 * M]);
  });

  test('a mirrored market BUY (complementary token) spends its budget at 1 − the book price', () => {
    const book = new OrderBook();
    rest(book, 'yes-bid', 'm1', 'BUY', 600_000, 10);
    // BUY NO for $4 at up to 0.40 = in YES terms a SELL with limit 0.60
    const order: IncomingOrder = {
      orderId: 'no-buy',
      makerAddress: 'taker',
      side: 'SELL',
      limit: { collateralMicros: 6n * BigInt(M), sharesMicros: 10n * BigInt(M) },
      sizeMicros: 10 * M,
      budgetMicros: 4 * M,
      mirrored: true,
      restingPriceMicros: 600_000,
      timeInForce: 'FOK',
      postOnly: false,
    };
    const result = matchOrder(book, order, noFee);
    if (!result.ok) throw new Error('expected a fill');
    expect(result.fills.map((f) => [f.sizeMicros, f.collateralMicros, f.priceMicros])).toEqual([[10 * M, 4 * M, 600_000]]);
  });

  test('never trades a maker with itself: its own resting order is cancelled and skipped', () => {
    const book = new OrderBook();
    rest(book, 'own', 'same', 'SELL', 500_000, 10);
    rest(book, 'other', 'm2', 'SELL', 510_000, 10);
    const result = matchOrder(book, incoming('BUY', 510_000, 10, 'GTC', 'same'), noFee);
    if (!result.ok) throw new Error('expected a fill');
    expect(result.selfTradeCancelled.map((o) => o.orderId)).toEqual(['own']);
    expect(result.fills.map((f) => f.makerOrderId)).toEqual(['other']);
  });

  test('does not count own resting orders as FOK depth', () => {
    const book = new OrderBook();
    rest(book, 'own', 'same', 'SELL', 500_000, 10);
    expect(matchOrder(book, incoming('BUY', 500_000, 10, 'FOK', 'same'), noFee)).toEqual({ ok: false, reason: 'fok_not_filled' });
    expect(book.size).toBe(1);
  });

  test('charges the taker fee at match time from the fee model, per fill at the fill price', () => {
    const book = new OrderBook();
    rest(book, 'a', 'm1', 'SELL', 500_000, 100);
    const schedule = { ratePpm: 20_000, exponent: 1 };
    const result = matchOrder(book, incoming('BUY', 500_000, 100), (s, p) => takerFeeMicros(schedule, s, p));
    if (!result.ok) throw new Error('expected a fill');
    // 100 shares × 0.02 × (0.5 × 0.5) = 0.5 pUSD
    expect(result.fills[0]?.takerFeeMicros).toBe(500_000);
  });
});

describe('taker fee', () => {
  test('follows shares × rate × (p(1−p))^exponent and is zero without a rate', () => {
    expect(takerFeeMicros({ ratePpm: 250_000, exponent: 2 }, 100 * M, 500_000)).toBe(1_562_500); // 100 × 0.25 × 0.0625
    expect(takerFeeMicros({ ratePpm: 20_000, exponent: 1 }, 10 * M, 900_000)).toBe(18_000); // 10 × 0.02 × 0.09
    expect(takerFeeMicros({ ratePpm: 0, exponent: 1 }, 10 * M, 500_000)).toBe(0);
  });
});
