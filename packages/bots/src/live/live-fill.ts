/**
 * The exchange's fill in the tick's terms: fee by the market's fee model per match (the exchange
 * charges per match), average price half-even to the micro, and the actual slippage against the
 * best price the prediction started from — signed: negative means better than the best price.
 */
import type { FeeModel } from '@polymancer/core';
import type { VenueFill } from './ports.ts';

export interface LiveFill {
  readonly sharesMicros: number;
  readonly notionalMicros: number;
  readonly feeMicros: number;
  readonly averagePriceMicros: number;
  readonly slippageBps: number;
}

function divHalfEven(n: bigint, d: bigint): number {
  const q = n / d;
  const r = n % d;
  const twice = 2n * r;
  if (twice > d || (twice === d && q % 2n === 1n)) return Number(q + 1n);
  return Number(q);
}

export function liveFill(side: 'BUY' | 'SELL', fill: VenueFill, feeModel: FeeModel, bestPriceMicros: number): LiveFill {
  const averagePriceMicros = fill.sharesMicros === 0 ? 0 : divHalfEven(BigInt(fill.notionalMicros) * 1_000_000n, BigInt(fill.sharesMicros));
  const legs = fill.legs !== undefined && fill.legs.length > 0 ? fill.legs : [{ priceMicros: averagePriceMicros, sharesMicros: fill.sharesMicros }];
  let feeMicros = 0;
  for (const leg of legs) {
    const notional = Number((BigInt(leg.sharesMicros) * BigInt(leg.priceMicros)) / 1_000_000n);
    feeMicros += feeModel.feeMicros({ side, priceMicros: leg.priceMicros, sharesMicros: leg.sharesMicros, notionalMicros: notional, liquidity: 'taker' });
  }
  const diff = side === 'BUY' ? averagePriceMicros - bestPriceMicros : bestPriceMicros - averagePriceMicros;
  const slippageBps = bestPriceMicros === 0 ? 0 : Math.round((diff * 10_000) / bestPriceMicros);
  return { sharesMicros: fill.sharesMicros, notionalMicros: fill.notionalMicros, feeMicros, averagePriceMicros, slippageBps };
}
