import { describe, expect, test } from 'bun:test';
import { paperRecordStatus, REQUIRED_PAPER_TRADING_MS } from './paper-record.ts';
import { settingsViolations, tradeExclusions } from './paper-rules.ts';

const strict = { feeModel: { kind: 'flat' as const, flatFeeBps: 200 }, maxMarketImpactBps: 1_000, maxPriceMovementBps: 100 };
const codes = (v: { code: string }[]) => v.map((x) => x.code);

describe('paper rules', () => {
  test('the platform defaults and anything stricter qualify', () => {
    expect(settingsViolations(strict)).toEqual([]);
    expect(settingsViolations({ feeModel: { kind: 'polymarket' }, maxMarketImpactBps: 10, maxPriceMovementBps: 0 })).toEqual([]);
    expect(settingsViolations({ ...strict, feeModel: { kind: 'flat', flatFeeBps: 500 } })).toEqual([]);
  });

  test('each looser setting is named', () => {
    expect(codes(settingsViolations({ feeModel: { kind: 'flat', flatFeeBps: 199 }, maxMarketImpactBps: 1_001, maxPriceMovementBps: 101 }))).toEqual([
      'fee_below_platform_minimum',
      'market_impact_cap_above_platform_maximum',
      'price_movement_cap_above_platform_maximum',
    ]);
  });

  test('a synthetic market counts only where the deployment does not trade real money', () => {
    expect(tradeExclusions(strict, { syntheticMarket: true, realMoneyDeployment: false })).toEqual([]);
    expect(codes(tradeExclusions(strict, { syntheticMarket: true, realMoneyDeployment: true }))).toEqual(['synthetic_market']);
    expect(tradeExclusions(strict, { syntheticMarket: false, realMoneyDeployment: true })).toEqual([]);
  });
});

describe('paper record', () => {
  const start = new Date('2026-03-01T12:00:00Z');
  test('needs 24 hours since the first qualifying trade and 10 qualifying trades', () => {
    expect(paperRecordStatus({ firstQualifyingTradeAt: null, qualifyingTrades: 0 }, start)).toMatchObject({ paperTradingMs: 0, met: false });
    const almost = new Date(start.getTime() + REQUIRED_PAPER_TRADING_MS - 1);
    expect(paperRecordStatus({ firstQualifyingTradeAt: start, qualifyingTrades: 10 }, almost)).toMatchObject({ timeMet: false, tradesMet: true, met: false });
    const day = new Date(start.getTime() + REQUIRED_PAPER_TRADING_MS);
    expect(paperRecordStatus({ firstQualifyingTradeAt: start, qualifyingTrades: 9 }, day)).toMatchObject({ timeMet: true, tradesMet: false, met: false });
    expect(paperRecordStatus({ firstQualifyingTradeAt: start, qualifyingTrades: 10 }, day)).toMatchObject({ met: true, paperTradingMs: REQUIRED_PAPER_TRADING_MS });
  });
});
