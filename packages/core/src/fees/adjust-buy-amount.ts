/**
 * The official client's `adjustBuyAmountForFees`, in integers: shrink a market BUY's pUSD amount so
 * that amount + platform fee + builder fee fits the balance.
 *
 * Client semantics (clob-client-v2 1.1.0 `src/fees/index.ts`), reproduced step for step:
 *   effectiveRate = rate × (p(1−p))^e × (1 + feeSlippage/100)
 *   base          = min(amount, balance)
 *   platformFee   = base / p × effectiveRate
 *   builderFee    = base × builderTakerRate
 *   balance ≤ amount + platformFee + builderFee  →  max(balance − platformFee − builderFee, 0)
 *   otherwise                                   →  amount
 * Rounding (the client uses floats): both fees are rounded UP to the micro, so the adjusted amount
 * plus its fees never exceeds the balance; the result can sit at most 2 micros below the client's.
 * The client then cuts the amount to 2 decimals when it builds the order; that is the order
 * builder's job, not this function's.
 */
import { divRound, toSafeNumber } from '../money/rounding.ts';
import { FeeConfigError } from './fee-model.ts';
import type { FeeSchedule } from './polymarket-fee.ts';

export interface AdjustBuyAmountInput {
  readonly amountMicros: number;
  /** The order's (worst) price, micros; must be within (0, 1). */
  readonly priceMicros: number;
  readonly balanceMicros: number;
  readonly schedule: Pick<FeeSchedule, 'rateMicros' | 'exponent'>;
  /** Builder taker fee in bps (`builder_taker_fee_rate_bps`); default 0. */
  readonly builderTakerFeeBps?: number;
  /** Client `feeSlippage`: 0, or a whole percentage 1..100. Default 0. */
  readonly feeSlippagePercent?: number;
}

const MICROS = 1_000_000n;

export function adjustBuyAmountForFees(input: AdjustBuyAmountInput): number {
  const { amountMicros, priceMicros, balanceMicros, schedule } = input;
  const builderBps = input.builderTakerFeeBps ?? 0;
  const slip = input.feeSlippagePercent ?? 0;
  if (!Number.isSafeInteger(slip) || slip < 0 || slip > 100 || (slip > 0 && slip < 1)) {
    throw new FeeConfigError('feeSlippage must be 0 or a percentage between 1 and 100', { details: { slip } });
  }
  if (!(priceMicros > 0 && priceMicros < 1_000_000)) throw new RangeError(`price ${priceMicros} is outside (0, 1)`);
  const base = BigInt(Math.min(amountMicros, balanceMicros));
  const p = BigInt(priceMicros);
  const e = BigInt(schedule.exponent);
  // platformFee = base × 10^6 / p × rate/10^6 × (p(10^6 − p))^e / 10^(12e) × (100 + slip)/100
  const num = base * BigInt(schedule.rateMicros) * (p * (MICROS - p)) ** e * BigInt(100 + slip);
  const den = p * (MICROS * MICROS) ** e * 100n;
  const platformFee = divRound(num, den, 'ceil');
  const builderFee = divRound(base * BigInt(builderBps), 10_000n, 'ceil');
  const fees = platformFee + builderFee;
  if (BigInt(balanceMicros) <= BigInt(amountMicros) + fees) {
    const left = BigInt(balanceMicros) - fees;
    return left > 0n ? toSafeNumber(left, 'adjusted amount') : 0;
  }
  return amountMicros;
}
