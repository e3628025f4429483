/**
 * What the exchange knows of an order hash: the order (`GET /data/order/{hash}`) and the account's
 * trades whose taker order it is (`GET /data/trades`). A FOK that was killed — or never arrived —
 * leaves no order and no trade: `not_found`.
 */
import type { ClobClient } from '@polymarket/clob-client-v2';
import { decimalToMicros } from './submitter.ts';
import type { VenueOrderLookup } from './types.ts';

interface TradeWire {
  readonly id: string;
  readonly taker_order_id: string;
  readonly side: string;
  readonly size: string;
  readonly price: string;
  readonly transaction_hash?: string;
}

/** Collateral of one leg, rounded against the taker (BUY up, SELL down). */
const legNotional = (shares: number, price: number, side: string) => {
  const exact = BigInt(shares) * BigInt(price);
  const m = 1_000_000n;
  return Number(side === 'BUY' ? (exact + m - 1n) / m : exact / m);
};

export async function tradesOfOrder(client: ClobClient, orderHash: string, tokenId: string): Promise<TradeWire[]> {
  const trades = (await client.getTrades({ asset_id: tokenId } as never)) as unknown as TradeWire[] | { error: unknown };
  if (!Array.isArray(trades)) throw new Error('the exchange did not list trades');
  return trades.filter((t) => t.taker_order_id?.toLowerCase() === orderHash.toLowerCase());
}

export function fillFromTrades(trades: readonly TradeWire[]) {
  const legs = trades.map((t) => ({ priceMicros: decimalToMicros(t.price), sharesMicros: decimalToMicros(t.size) }));
  return {
    sharesMicros: legs.reduce((s, l) => s + l.sharesMicros, 0),
    notionalMicros: trades.reduce((s, t, i) => s + legNotional(legs[i]!.sharesMicros, legs[i]!.priceMicros, t.side), 0),
    transactionHashes: trades.map((t) => t.transaction_hash ?? '').filter((h) => h !== ''),
    tradeIds: trades.map((t) => t.id),
    legs,
  };
}

export async function lookupOrder(client: ClobClient, orderHash: string, tokenId: string): Promise<VenueOrderLookup> {
  try {
    const order = (await client.getOrder(orderHash)) as unknown as Record<string, unknown>;
    const status = typeof order.status === 'number' ? order.status : undefined;
    if (order.error !== undefined && status !== 404 && status !== 400) {
      return { kind: 'unreachable', reason: `the exchange answered ${status ?? 'nothing'} for the order` };
    }
    const trades = await tradesOfOrder(client, orderHash, tokenId);
    if (trades.length > 0) return { kind: 'matched', fill: fillFromTrades(trades) };
    if (order.error !== undefined) return { kind: 'not_found' };
    const state = String(order.status ?? '');
    return state === 'CANCELED' || state === 'CANCELLED' ? { kind: 'not_found' } : { kind: 'pending', status: state };
  } catch (error) {
    return { kind: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
  }
}
