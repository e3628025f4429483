/**
 * The built-ins on real recorded Polymarket data: the 2024 election market's deep book (76 bids ×
 * 86 asks, tick 0.001) and Data-API trade prints, converted to micros exactly at the edge.
 */
import { describe, expect } from 'bun:test';
import { parseMicros } from '@polymancer/core';
import { readSharedJson, testWithSharedData } from '../../../test/shared-data.ts';
import { lastRun } from '../src/built-in/momentum.ts';
import { meanReversionStrategy } from '../src/built-in/mean-reversion.ts';
import { tradeProblem } from '../src/check-decision.ts';
import type { BookLevel, BookSnapshot, StrategyInput, TokenView } from '../src/input.ts';
import type { MeanReversionParams } from '../src/params.ts';
import { midpoints, now } from './fixtures.ts';

interface WireLevel {
  price: string;
  size: string;
}

function micros(s: string): number {
  const r = parseMicros(s);
  if (!r.ok) throw r.error;
  return r.value;
}

function electionBook(): { tokenId: string; book: BookSnapshot } {
  const wire = readSharedJson<{ asset_id: string; bids: WireLevel[]; asks: WireLevel[] }>('polymarket', 'books', 'nt-py_ws_book.json');
  const levels = (ls: WireLevel[]): BookLevel[] => ls.map((l) => ({ priceMicros: micros(l.price), sizeMicros: micros(l.size) }));
  return { tokenId: wire.asset_id, book: { bids: levels(wire.bids), asks: levels(wire.asks) } };
}

function electionInput(history: number[], sharesMicros: number): StrategyInput<MeanReversionParams> {
  const { tokenId, book } = electionBook();
  const token: TokenView = { tokenId, outcome: 'Yes', book, midpoints: midpoints(...history), trades: [], position: { sharesMicros, avgEntryPriceMicros: 400_000 } };
  return {
    market: { question: 'Will Donald Trump win the 2024 US Presidential Election?', outcomes: [{ tokenId, outcome: 'Yes' }], tickSizeMicros: 1_000, minOrderSizeMicros: 5_000_000 },
    tokens: [token],
    balanceMicros: 1_000_000_000_000,
    params: { windowSize: 3, bandMicros: 20_000, orderAmountMicros: 500_000_000_000 },
  };
}

describe('built-in strategies on real recorded data', () => {
  testWithSharedData('mean-reversion buys the deep book up to the ask depth inside its limit', 'polymarket/books', async () => {
    const input = electionInput([540_000, 540_000, 540_000], 0);
    const d = await meanReversionStrategy.decide(input, now);
    // Independent check: every ask at or below 0.520, size × price rounded down per level.
    const wire = readSharedJson<{ asks: WireLevel[] }>('polymarket', 'books', 'nt-py_ws_book.json');
    let depth = 0n;
    for (const a of wire.asks) if (micros(a.price) <= 520_000) depth += (BigInt(micros(a.size)) * BigInt(micros(a.price))) / 1_000_000n;
    // The amount is then cut to the venue's 2 decimals (a market BUY's maker amount, V2.md §7).
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', limitPriceMicros: 520_000, amountMicros: Number((depth / 10_000n) * 10_000n) });
    expect(d.kind === 'trade' && tradeProblem(d, input)).toBeUndefined();
  });

  testWithSharedData('mean-reversion sells into the bids at or above its limit', 'polymarket/books', async () => {
    const input = electionInput([490_000, 490_000, 490_000], 20_000_000_000);
    const d = await meanReversionStrategy.decide(input, now);
    // bids ≥ 0.510: 12848.17 + 1304.72 shares
    expect(d).toMatchObject({ kind: 'trade', side: 'sell', limitPriceMicros: 510_000, sharesMicros: 14_152_890_000 });
    expect(d.kind === 'trade' && tradeProblem(d, input)).toBeUndefined();
  });

  testWithSharedData('momentum reads a rising run from real trade prints', 'polymarket/trades', () => {
    const prints = readSharedJson<{ asset: string; price: number; timestamp: number }[]>('polymarket', 'trades', 'nt-py_data_api_trades_MIXED.json');
    const asset = prints[0]?.asset;
    // The Data API lists newest first and sends prices as JSON numbers; their shortest decimal form is exact.
    const prices = prints
      .filter((t) => t.asset === asset)
      .sort((a, b) => a.timestamp - b.timestamp)
      .map((t) => micros(String(t.price)));
    expect(prices).toEqual([510_000, 520_000, 998_000]);
    expect(lastRun(prices, 2, 10_000)).toEqual({ direction: 'up', moveMicros: 488_000 });
  });
});
