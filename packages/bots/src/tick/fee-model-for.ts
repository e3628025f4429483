import { createFeeModel, type FeeModel, ZERO_FEE_SCHEDULE } from '@polymancer/core';
import type { FeeTerms } from '@polymancer/strategies';
import type { FeeModelSetting } from '../model/bot.ts';
import type { MarketInfo } from '../market-data/market-data.ts';

/** The bot's simulation fee model for one market; a market without a schedule charges no fee (as the client assumes). */
export function feeModelFor(setting: FeeModelSetting, market: MarketInfo): FeeModel {
  return createFeeModel(setting.kind === 'flat' ? { kind: 'flat', feeBps: setting.flatFeeBps } : { kind: 'polymarket' }, market.feeSchedule ?? ZERO_FEE_SCHEDULE);
}

/** The same fee, as plain terms a strategy sizes buys with. */
export function feeTermsFor(setting: FeeModelSetting, market: MarketInfo): FeeTerms {
  if (setting.kind === 'flat') return { kind: 'flat', feeBps: setting.flatFeeBps };
  const s = market.feeSchedule ?? ZERO_FEE_SCHEDULE;
  return { kind: 'polymarket', rateMicros: s.rateMicros, exponent: s.exponent, takerOnly: s.takerOnly };
}
