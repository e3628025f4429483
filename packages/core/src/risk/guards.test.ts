import { describe, expect, test } from 'bun:test';
import { dailyLossLimit } from './daily-loss-limit.ts';
import type { GuardResult, RiskContext } from './guard.ts';
import { insufficientBalance } from './insufficient-balance.ts';
import { maxMarketImpact } from './max-market-impact.ts';
import { maxPositionPerMarket } from './max-position-per-market.ts';
import { maxSlippage } from './max-slippage.ts';
import { maxTradeSize } from './max-trade-size.ts';
import { priceMovement } from './price-movement.ts';
import { defaultGuards, runGuards } from './run-guards.ts';

const now = new Date('2026-03-10T15:00:00Z');

// BUY 50 shares for 26.25 + 0.525 fee, 97 bps slippage, 900 bps impact
const base: RiskContext = {
  fill: { side: 'BUY', sharesMicros: 50_000_000, notionalMicros: 26_250_000, feeMicros: 525_000, slippageBps: 97, marketImpactBps: 900 },
  limits: {},
  balanceMicros: 100_000_000,
  positionSharesMicros: 0,
  marketCostBasisMicros: 0,
  dailyPnl: { utcDay: '2026-03-10', pnlMicros: 0 },
  decisionPriceMicros: 520_000,
  executionPriceMicros: 520_000,
};
const ctx = (over: Partial<RiskContext>, fill: Partial<RiskContext['fill']> = {}): RiskContext => ({ ...base, ...over, fill: { ...base.fill, ...fill } });
const codeOf = (r: GuardResult) => (r.ok ? 'ok' : r.code);

describe('maxTradeSize', () => {
  test('passes a BUY whose notional plus fee is within the limit', () => {
    expect(codeOf(maxTradeSize.check(ctx({ limits: { maxTradeSizeMicros: 26_775_000 } }), now))).toBe('ok');
  });
  test('trips when notional plus fee exceeds the limit', () => {
    const r = maxTradeSize.check(ctx({ limits: { maxTradeSizeMicros: 26_774_999 } }), now);
    expect(codeOf(r)).toBe('max_trade_size_exceeded');
    expect(!r.ok && r.reason).toBe('trade of $26.775 exceeds the maximum trade size of $26.774999');
  });
  test('never refuses a sell: an exit only reduces the position', () => {
    expect(codeOf(maxTradeSize.check(ctx({ limits: { maxTradeSizeMicros: 1 }, positionSharesMicros: 50_000_000 }, { side: 'SELL' }), now))).toBe('ok');
  });
});

describe('maxPositionPerMarket', () => {
  test('passes when the market position after the buy stays within the limit, and always for sells', () => {
    expect(codeOf(maxPositionPerMarket.check(ctx({ limits: { maxPositionPerMarketMicros: 50_000_000 }, marketCostBasisMicros: 23_225_000 }), now))).toBe('ok');
    const sell = ctx({ limits: { maxPositionPerMarketMicros: 1 }, marketCostBasisMicros: 90_000_000 }, { side: 'SELL' });
    expect(codeOf(maxPositionPerMarket.check(sell, now))).toBe('ok');
  });
  test('trips when the buy would take the market position over the limit', () => {
    const r = maxPositionPerMarket.check(ctx({ limits: { maxPositionPerMarketMicros: 50_000_000 }, marketCostBasisMicros: 23_225_001 }), now);
    expect(codeOf(r)).toBe('max_position_per_market_exceeded');
  });
});

describe('insufficientBalance', () => {
  test('passes a BUY the balance covers and a SELL of shares held', () => {
    expect(codeOf(insufficientBalance.check(ctx({ balanceMicros: 26_775_000 }), now))).toBe('ok');
    expect(codeOf(insufficientBalance.check(ctx({ positionSharesMicros: 50_000_000 }, { side: 'SELL' }), now))).toBe('ok');
  });
  test('trips a BUY the balance cannot pay with its fee, and a SELL of more than is held', () => {
    expect(codeOf(insufficientBalance.check(ctx({ balanceMicros: 26_774_999 }), now))).toBe('insufficient_balance');
    expect(codeOf(insufficientBalance.check(ctx({ positionSharesMicros: 49_999_999 }, { side: 'SELL' }), now))).toBe('insufficient_position');
  });
});

describe('dailyLossLimit', () => {
  const limits = { dailyLossLimitMicros: 10_000_000 };
  test('passes while today’s loss plus the fee stays within the limit', () => {
    expect(codeOf(dailyLossLimit.check(ctx({ limits, dailyPnl: { utcDay: '2026-03-10', pnlMicros: -9_475_000 } }), now))).toBe('ok');
  });
  test('trips once today’s loss reaches the limit or the fee would pass it', () => {
    expect(codeOf(dailyLossLimit.check(ctx({ limits, dailyPnl: { utcDay: '2026-03-10', pnlMicros: -10_000_000 } }), now))).toBe('daily_loss_limit_reached');
    expect(codeOf(dailyLossLimit.check(ctx({ limits, dailyPnl: { utcDay: '2026-03-10', pnlMicros: -9_475_001 } }), now))).toBe('daily_loss_limit_reached');
  });
  test('forgets yesterday’s loss after midnight UTC and never blocks a sell', () => {
    const yesterday = ctx({ limits, dailyPnl: { utcDay: '2026-03-09', pnlMicros: -50_000_000 } });
    expect(codeOf(dailyLossLimit.check(yesterday, now))).toBe('ok');
    expect(codeOf(dailyLossLimit.check(yesterday, new Date('2026-03-09T23:59:59.999Z')))).toBe('daily_loss_limit_reached');
    const sell = ctx({ limits, dailyPnl: { utcDay: '2026-03-10', pnlMicros: -50_000_000 } }, { side: 'SELL' });
    expect(codeOf(dailyLossLimit.check(sell, now))).toBe('ok');
  });
});

describe('maxSlippage', () => {
  test('passes slippage at the limit', () => {
    expect(codeOf(maxSlippage.check(ctx({ limits: { maxSlippageBps: 97 } }), now))).toBe('ok');
  });
  test('trips slippage over the limit', () => {
    expect(codeOf(maxSlippage.check(ctx({ limits: { maxSlippageBps: 96 } }), now))).toBe('max_slippage_exceeded');
  });
});

describe('maxMarketImpact', () => {
  test('passes impact up to the default 10 % of visible depth', () => {
    expect(codeOf(maxMarketImpact.check(ctx({}, { marketImpactBps: 1_000 }), now))).toBe('ok');
  });
  test('trips impact over the default, or over a bot’s own limit', () => {
    expect(codeOf(maxMarketImpact.check(ctx({}, { marketImpactBps: 1_001 }), now))).toBe('max_market_impact_exceeded');
    expect(codeOf(maxMarketImpact.check(ctx({ limits: { maxMarketImpactBps: 500 } }), now))).toBe('max_market_impact_exceeded');
  });
  test('tells the user, in the specification’s words, that the trade would move the market', () => {
    const r = maxMarketImpact.check(ctx({}, { marketImpactBps: 1_112 }), now);
    expect(r.ok ? '' : r.reason).toBe('this trade would move the market significantly: market impact of 1112 bps of visible depth exceeds the maximum of 1000 bps');
  });
});

describe('priceMovement', () => {
  test('passes a move of exactly 1 % against a buy and any move in the user’s favour', () => {
    expect(codeOf(priceMovement.check(ctx({ decisionPriceMicros: 500_000, executionPriceMicros: 505_000 }), now))).toBe('ok');
    expect(codeOf(priceMovement.check(ctx({ decisionPriceMicros: 500_000, executionPriceMicros: 400_000 }), now))).toBe('ok');
    const sellUp = ctx({ decisionPriceMicros: 500_000, executionPriceMicros: 600_000 }, { side: 'SELL' });
    expect(codeOf(priceMovement.check(sellUp, now))).toBe('ok');
  });
  test('trips a buy when the price rose over 1 % and a sell when it fell over 1 %', () => {
    const r = priceMovement.check(ctx({ decisionPriceMicros: 500_000, executionPriceMicros: 505_001 }), now);
    expect(codeOf(r)).toBe('price_moved_against_user');
    const sellDown = ctx({ decisionPriceMicros: 500_000, executionPriceMicros: 494_999 }, { side: 'SELL' });
    expect(codeOf(priceMovement.check(sellDown, now))).toBe('price_moved_against_user');
  });
  test('uses the bot’s own movement limit', () => {
    const c = ctx({ decisionPriceMicros: 500_000, executionPriceMicros: 510_000, limits: { maxPriceMovementBps: 200 } });
    expect(codeOf(priceMovement.check(c, now))).toBe('ok');
  });
});

describe('runGuards', () => {
  test('passes when every guard passes', () => {
    expect(runGuards(defaultGuards, base, now)).toEqual({ ok: true });
  });
  test('returns the first failure in order', () => {
    const c = ctx({ balanceMicros: 1, limits: { maxSlippageBps: 1 } });
    expect(codeOf(runGuards(defaultGuards, c, now))).toBe('insufficient_balance');
    expect(codeOf(runGuards([maxSlippage, insufficientBalance], c, now))).toBe('max_slippage_exceeded');
  });
});
