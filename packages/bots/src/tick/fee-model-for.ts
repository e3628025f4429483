import { type FeeModel, FlatFeeModel, PolymarketFeeModel, ZERO_FEE_SCHEDULE } from '@polymancer/core';
import type { FeeModelSetting } from '../model/bot.ts';
import type { MarketInfo } from '../market-data/market-data.ts';

/** The bot's simulation fee model for one market. */
export function feeModelFor(setting: FeeModelSetting, market: MarketInfo): FeeModel {
  return setting.kind === 'flat' ? new FlatFeeModel({ takerFeeBps: setting.flatFeeBps }) : new PolymarketFeeModel(market.feeSchedule ?? ZERO_FEE_SCHEDULE);
}
