import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { collateralCeilMicros, holdOf, OrderStore } from './order-store.ts';
import type { SimOrder } from './types.ts';
import type { SimMarket } from '../markets/types.ts';

const market = {} as SimMarket;

function simOrder(id: string, makerAddress: string, tokenId: string, side: 'BUY' | 'SELL', priceMicros: number, sizeMicros: number, orderType: 'GTC' | 'GTD' = 'GTC'): SimOrder {
  return {
    id,
    ownerKey: 'key',
    ownerAddress: makerAddress,
    makerAddress,
    market,
    tokenId,
    outcome: '',
    side,
    priceMicros,
    originalSizeMicros: sizeMicros,
    sizeMatchedMicros: 0,
    status: 'LIVE',
    orderType,
    createdAtSecs: 0,
    expirationSecs: orderType === 'GTD' ? 100 : 0,
    associateTrades: [],
    spender: '',
  };
}

/** The totals recomputed from the live orders, as before they were kept running. */
function recount(store: OrderStore, maker: string) {
  let collateralMicros = 0;
  const tokens = new Map<string, number>();
  for (const order of store.liveOf(maker)) {
    if (order.side === 'BUY') collateralMicros += holdOf(order);
    else tokens.set(order.tokenId, (tokens.get(order.tokenId) ?? 0) + holdOf(order));
  }
  return { collateralMicros, tokens };
}

describe('reserved collateral', () => {
  test('⌈size × price / 10⁶⌉ in Number arithmetic equals the BigInt computation, small and huge sizes alike', () => {
    const exact = (size: number, price: number) => Number((BigInt(size) * BigInt(price) + 999_999n) / 1_000_000n);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 1_000_000_000 }), fc.maxSafeNat()), fc.integer({ min: 0, max: 1_000_000 }), (size, price) => {
        expect(collateralCeilMicros(size, price)).toBe(exact(size, price));
      }),
      { numRuns: 2_000 },
    );
    expect(collateralCeilMicros(1, 1)).toBe(1);
    expect(collateralCeilMicros(1_000_000, 1)).toBe(1);
    expect(collateralCeilMicros(1_000_001, 1)).toBe(2);
    expect(collateralCeilMicros(Number.MAX_SAFE_INTEGER, 999_999)).toBe(exact(Number.MAX_SAFE_INTEGER, 999_999));
  });
});

describe('order store running totals', () => {
  type Op = { kind: 'place'; maker: number; token: number; side: 'BUY' | 'SELL'; price: number; size: number; gtd: boolean } | { kind: 'fill'; pick: number; part: number } | { kind: 'cancel'; pick: number } | { kind: 'remove'; pick: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('place' as const), maker: fc.integer({ min: 0, max: 1 }), token: fc.integer({ min: 0, max: 1 }), side: fc.constantFrom('BUY' as const, 'SELL' as const), price: fc.integer({ min: 1, max: 999_999 }), size: fc.integer({ min: 1, max: 10_000_000_000 }), gtd: fc.boolean() }),
    fc.record({ kind: fc.constant('fill' as const), pick: fc.nat(), part: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  );
  const makers = ['0xaaaa', '0xbbbb'];

  test('what each maker’s live orders hold back equals a recount after any sequence of places, fills, cancels and removals', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const store = new OrderStore();
        let next = 0;
        const live = () => makers.flatMap((m) => store.liveOf(m));
        for (const o of ops) {
          if (o.kind === 'place') store.add(simOrder(`o${next++}`, makers[o.maker]!, `t${o.token}`, o.side, o.price, o.size, o.gtd ? 'GTD' : 'GTC'));
          else {
            const orders = live();
            const order = orders[o.pick % Math.max(orders.length, 1)];
            if (order === undefined) continue;
            if (o.kind === 'fill') {
              const remaining = order.originalSizeMicros - order.sizeMatchedMicros;
              const size = Math.max(1, Math.floor(remaining * o.part));
              store.addMatched(order, size);
              if (order.sizeMatchedMicros >= order.originalSizeMicros) {
                order.status = 'MATCHED';
                store.untrackLive(order);
              }
            } else if (o.kind === 'cancel') {
              order.status = 'CANCELED';
              store.untrackLive(order);
            } else {
              order.status = 'CANCELED';
              store.remove(order);
            }
          }
          for (const maker of makers) expect(store.reserved(maker.toUpperCase().replace('0X', '0x'))).toEqual(recount(store, maker));
          expect(store.liveExpiring().map((x) => x.id).sort()).toEqual(live().filter((x) => x.orderType === 'GTD').map((x) => x.id).sort());
        }
      }),
      { numRuns: 300 },
    );
  });
});
