/**
 * Read-only markets for replayed tokens, grouped by their recorded condition id: tick from the recorded
 * `tick_size` (else inferred from the price decimals), minimum size from `min_order_size` (else 5),
 * neg-risk as recorded. They refuse orders (`acceptingOrders: false`).
 */
import type { SimMarket } from '../markets/types.ts';
import { decimalsOf, MICROS, parseDecimalMicros } from '../wire/decimal.ts';
import type { RecordedBook } from './load.ts';
import type { ReplayBooks } from './replay-books.ts';

export function replayMarkets(replay: ReplayBooks, isKnownToken: (tokenId: string) => boolean, nowMs: number): SimMarket[] {
  const byMarket = new Map<string, string[]>();
  for (const tokenId of replay.tokens()) {
    const first = replay.first(tokenId);
    if (!first || isKnownToken(tokenId)) continue;
    byMarket.set(first.market, [...(byMarket.get(first.market) ?? []), tokenId]);
  }
  const markets: SimMarket[] = [];
  for (const [conditionId, tokenIds] of byMarket) {
    const first = replay.first(tokenIds[0] as string) as RecordedBook;
    const prices = [...first.bids, ...first.asks].map((l) => parseDecimalMicros(l.price) ?? 0);
    const places = Math.max(2, ...prices.map((p) => decimalsOf(p)));
    const tick = (first.tickSize && parseDecimalMicros(first.tickSize)) || 10 ** (6 - places);
    const fair = new Map<string, number>();
    for (const tokenId of tokenIds) fair.set(tokenId, parseDecimalMicros(replay.first(tokenId)?.lastTradePrice ?? '') ?? 500_000);
    markets.push({
      conditionId,
      questionId: conditionId,
      question: `Replayed market ${conditionId}`,
      slug: `replay-${conditionId.slice(2, 10)}`,
      kind: first.negRisk ? 'neg-risk' : 'binary',
      negRisk: first.negRisk ?? false,
      exchangeVersion: 2,
      negRiskMarketId: undefined,
      tickSizeMicros: tick,
      minOrderSizeMicros: (first.minOrderSize && parseDecimalMicros(first.minOrderSize)) || 5 * MICROS,
      fee: { ratePpm: 0, exponent: 0 },
      tokens: tokenIds.map((tokenId, index) => ({ tokenId, outcome: index === 0 ? 'Yes' : 'No' })),
      endDateIso: new Date(nowMs + 30 * 86_400_000).toISOString(),
      fairValueMicros: fair,
      acceptingOrders: false,
      closed: false,
      winnerTokenId: undefined,
      createdAtSecs: Math.floor(nowMs / 1000),
    });
  }
  return markets;
}
