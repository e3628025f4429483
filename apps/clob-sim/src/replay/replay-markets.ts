/**
 * Markets for replayed tokens, grouped by their recorded condition id. When the replay folder also holds
 * the market's CLOB description (`load-markets.ts`), the market takes its question, outcomes in the
 * venue's order (a recorded token without a book of its own serves the complement of its sibling's),
 * tick, minimum size and neg-risk; otherwise tick from the recorded `tick_size` (else inferred from the
 * price decimals), minimum size from `min_order_size` (else 5), outcomes named Yes, No by recording order.
 *
 * They show as accepting orders, as the market was when recorded, so paper bots trade on the replayed
 * book; the exchange refuses real orders on them (`replayed`), having nothing to match against.
 */
import type { SimMarket } from '../markets/types.ts';
import { decimalsOf, MICROS, parseDecimalMicros } from '../wire/decimal.ts';
import type { RecordedBook } from './load.ts';
import type { RecordedMarket } from './load-markets.ts';
import type { ReplayBooks } from './replay-books.ts';

export function replayMarkets(replay: ReplayBooks, isKnownToken: (tokenId: string) => boolean, nowMs: number, recorded: ReadonlyMap<string, RecordedMarket> = new Map()): SimMarket[] {
  const byMarket = new Map<string, string[]>();
  for (const tokenId of replay.tokens()) {
    const first = replay.first(tokenId);
    if (!first || isKnownToken(tokenId)) continue;
    byMarket.set(first.market, [...(byMarket.get(first.market) ?? []), tokenId]);
  }
  const markets: SimMarket[] = [];
  for (const [conditionId, recordedTokenIds] of byMarket) {
    const first = replay.first(recordedTokenIds[0] as string) as RecordedBook;
    const description = recorded.get(conditionId.toLowerCase());
    const described = description !== undefined && recordedTokenIds.every((id) => description.tokens.some((t) => t.tokenId === id)) ? description : undefined;
    const tokens = described?.tokens ?? recordedTokenIds.map((tokenId, index) => ({ tokenId, outcome: index === 0 ? 'Yes' : 'No' }));
    const [a, b] = tokens;
    if (tokens.length === 2 && a !== undefined && b !== undefined) {
      replay.mirror(a.tokenId, b.tokenId);
      replay.mirror(b.tokenId, a.tokenId);
    }
    const prices = [...first.bids, ...first.asks].map((l) => parseDecimalMicros(l.price) ?? 0);
    const places = Math.max(2, ...prices.map((p) => decimalsOf(p)));
    const tick = described?.tickSizeMicros || (first.tickSize && parseDecimalMicros(first.tickSize)) || 10 ** (6 - places);
    const fair = new Map<string, number>();
    for (const { tokenId } of tokens) fair.set(tokenId, parseDecimalMicros(replay.at(tokenId, nowMs)?.lastTradePrice ?? '') ?? 500_000);
    const negRisk = described?.negRisk ?? first.negRisk ?? false;
    markets.push({
      conditionId,
      questionId: conditionId,
      question: described?.question ?? `Replayed market ${conditionId}`,
      slug: described?.slug ?? `replay-${conditionId.slice(2, 10)}`,
      kind: negRisk ? 'neg-risk' : 'binary',
      negRisk,
      exchangeVersion: 2,
      negRiskMarketId: undefined,
      tickSizeMicros: tick,
      minOrderSizeMicros: described?.minOrderSizeMicros || (first.minOrderSize && parseDecimalMicros(first.minOrderSize)) || 5 * MICROS,
      fee: { ratePpm: 0, exponent: 0 },
      tokens,
      endDateIso: new Date(nowMs + 30 * 86_400_000).toISOString(),
      fairValueMicros: fair,
      acceptingOrders: true,
      closed: false,
      winnerTokenId: undefined,
      payoutsMicros: undefined,
      replayed: true,
      createdAtSecs: Math.floor(nowMs / 1000),
    });
  }
  return markets;
}
