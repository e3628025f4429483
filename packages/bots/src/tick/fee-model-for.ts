import { createFeeModel, type FeeModel, ZERO_FEE_SCHEDULE } from '@polymancer/core';
import type { FeeModelSetting } from '../model/bot.ts';
import type { MarketInfo } from '../market-data/market-data.ts';

/** The bot's simulation fee model for one market; a market without a schedule charges no fee (as the client assumes). */
export function feeModelFor(setting: FeeModelSetting, market: MarketInfo): FeeModel {
  return createFeeModel(setting.kind === 'flat' ? { kind: 'flat', feeBps: setting.flatFeeBps } : { kind: 'polymarket' }, market.feeSchedule ?? ZERO_FEE_SCHEDULE);
}
