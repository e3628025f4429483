/** Small builders for strategy inputs in tests. Prices and sizes in micros. */
import type { BookLevel, MidpointSample, StrategyInput, StrategyMarket, TokenView, TradePrint } from '../src/input.ts';

export const YES = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
export const NO = '52114319501245915516055106046884209969926127482827954674443846427813813222426';

export const market: StrategyMarket = {
  conditionId: '0xdd22472e552920b8438158ea7238bfadfa4f736aa4cee91a6b86c39ead110917',
  question: 'Will it rain in Lisbon on 1 December?',
  outcomes: [
    { tokenId: YES, outcome: 'Yes' },
    { tokenId: NO, outcome: 'No' },
  ],
  tickSizeMicros: 10_000,
  minOrderSizeMicros: 5_000_000,
};

export const level = (price: number, size: number): BookLevel => ({ priceMicros: price, sizeMicros: size });

const t0 = Date.UTC(2026, 10, 1);

export function midpoints(...prices: number[]): MidpointSample[] {
  return prices.map((priceMicros, i) => ({ at: new Date(t0 + i * 60_000), priceMicros }));
}

export function trades(...prices: number[]): TradePrint[] {
  return prices.map((priceMicros, i) => ({ priceMicros, sizeMicros: 10_000_000, side: 'buy', at: new Date(t0 + i * 1_000) }));
}

export function token(overrides: Partial<TokenView> = {}): TokenView {
  return {
    tokenId: YES,
    outcome: 'Yes',
    book: { bids: [level(480_000, 100_000_000)], asks: [level(520_000, 100_000_000)] },
    midpoints: [],
    trades: [],
    position: { sharesMicros: 0, avgEntryPriceMicros: 0 },
    ...overrides,
  };
}

export function input<P>(params: P, tokens: TokenView[], balanceMicros = 1_000_000_000): StrategyInput<P> {
  return { market, tokens, balanceMicros, params };
}

export const now = new Date(t0 + 3_600_000);
