/**
 * Market descriptions recorded beside the books of a replay folder: CLOB `GET /markets/{condition_id}`
 * objects (or pages / arrays of them) — question, outcomes in the venue's order with their token ids,
 * tick, minimum size, neg-risk. They name a replayed market and its outcomes; a folder without them still
 * replays its books under generic names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDecimalMicros } from '../wire/decimal.ts';

export interface RecordedMarket {
  readonly conditionId: string;
  readonly question: string;
  readonly slug: string | undefined;
  readonly tokens: readonly { readonly tokenId: string; readonly outcome: string }[];
  readonly tickSizeMicros: number | undefined;
  readonly minOrderSizeMicros: number | undefined;
  readonly negRisk: boolean | undefined;
}

type Json = Record<string, unknown>;

const micros = (value: unknown): number | undefined => (typeof value === 'number' || typeof value === 'string' ? parseDecimalMicros(String(value)) : undefined);

function asMarket(o: Json): RecordedMarket | undefined {
  const conditionId = o['condition_id'];
  const tokens = o['tokens'];
  if (typeof conditionId !== 'string' || !Array.isArray(tokens) || typeof o['question'] !== 'string') return undefined;
  const list: { tokenId: string; outcome: string }[] = [];
  for (const token of tokens as Json[]) {
    if (typeof token?.['token_id'] !== 'string' || typeof token['outcome'] !== 'string' || token['token_id'] === '') return undefined;
    list.push({ tokenId: token['token_id'], outcome: token['outcome'] });
  }
  return {
    conditionId,
    question: o['question'],
    slug: typeof o['market_slug'] === 'string' ? o['market_slug'] : undefined,
    tokens: list,
    tickSizeMicros: micros(o['minimum_tick_size']),
    minOrderSizeMicros: micros(o['minimum_order_size']),
    negRisk: typeof o['neg_risk'] === 'boolean' ? o['neg_risk'] : undefined,
  };
}

/** Condition id → the recorded market, from every `*.json` in `dir` that holds CLOB market objects. */
export function loadRecordedMarkets(dir: string): Map<string, RecordedMarket> {
  const markets = new Map<string, RecordedMarket>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    let content: unknown;
    try {
      content = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch {
      continue;
    }
    const items = Array.isArray(content) ? content : Array.isArray((content as Json)?.['data']) ? ((content as Json)['data'] as unknown[]) : [content];
    for (const item of items) {
      if (typeof item !== 'object' || item === null) continue;
      const market = asMarket(item as Json);
      if (market) markets.set(market.conditionId.toLowerCase(), market);
    }
  }
  return markets;
}
