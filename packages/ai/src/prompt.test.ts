import { describe, expect, test } from 'bun:test';
import { type LlmParams, llmParamsSchema, type StrategyInput } from '@polymancer/strategies';
import { promptValues, renderPrompt } from './prompt.ts';

const level = (priceMicros: number, sizeMicros: number) => ({ priceMicros, sizeMicros });
const input: StrategyInput<LlmParams> = {
  market: { question: 'Q?', outcomes: [{ tokenId: '1', outcome: 'Yes' }], tickSizeMicros: 1_000, minOrderSizeMicros: 5_000_000 },
  tokens: [
    {
      tokenId: '1',
      outcome: 'Yes',
      book: { bids: [1, 2, 3, 4, 5, 6, 7].map((i) => level(400_000 + i * 1_000, 1_000_000)), asks: [] },
      midpoints: [],
      trades: [],
      position: { sharesMicros: 0, avgEntryPriceMicros: 0 },
    },
  ],
  balanceMicros: 12_345_678,
  params: llmParamsSchema.parse({ model: 'a/b' }),
};
const now = new Date('2026-11-26T03:00:00Z');

describe('prompt rendering', () => {
  test('summarises the book best first, five levels a side, with totals', () => {
    expect(promptValues(input, now).book).toBe(
      'Yes: bids 0.407 × 1, 0.406 × 1, 0.405 × 1, 0.404 × 1, 0.403 × 1, … (7 levels); 7 shares in total | asks none',
    );
  });

  test('says "none" for prices a one-sided book lacks', () => {
    expect(promptValues(input, now).prices).toBe('Yes: best bid 0.407, best ask none, midpoint none, last trade none, recent midpoints none');
  });

  test('fills placeholders with exact decimals and leaves unknown text alone', () => {
    expect(renderPrompt('{{balance}} / {{ minOrderSize }} / {{tickSize}} / {{now}} / {{other}}', input, now)).toBe(
      '12.345678 / 5 / 0.001 / 2026-11-26T03:00:00.000Z / {{other}}',
    );
  });
});
