import type { FeeModel } from './fee-model.ts';
import { FlatFeeModel } from './flat-fee-model.ts';
import type { FeeSchedule } from './polymarket-fee.ts';
import { PolymarketFeeModel } from './polymarket-fee-model.ts';

/** A bot's "fee model for simulation" setting. */
export type FeeModelSetting = { readonly kind: 'flat'; readonly feeBps?: number } | { readonly kind: 'polymarket' };

/**
 * The fee model for one bot and one market. `polymarket` needs that market's schedule
 * (`/clob-markets` `fd`); the caller fetches it — a missing schedule is the caller's bug, so it throws.
 */
export function createFeeModel(setting: FeeModelSetting, schedule: FeeSchedule | undefined): FeeModel {
  if (setting.kind === 'flat') return new FlatFeeModel(setting.feeBps === undefined ? {} : { takerFeeBps: setting.feeBps });
  if (schedule === undefined) throw new RangeError('the polymarket fee model needs the market fee schedule');
  return new PolymarketFeeModel(schedule);
}
