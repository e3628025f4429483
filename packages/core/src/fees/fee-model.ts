/**
 * The fee port. A fee model prices one fill (one match at one price) in collateral micros.
 * Simulation (paper fills), the local exchange and the live path all call the same models, so a
 * paper fee is the fee live trading would pay.
 */
import { PolymancerError } from '../errors/base.ts';

export type Side = 'BUY' | 'SELL';
export type Liquidity = 'taker' | 'maker';

export interface FeeInput {
  readonly side: Side;
  /** Price of this match, micro-dollars per share. */
  readonly priceMicros: number;
  /** Outcome-token base units (1 share = 1_000_000). */
  readonly sharesMicros: number;
  /** Collateral exchanged for the shares before any fee, micros. */
  readonly notionalMicros: number;
  readonly liquidity: Liquidity;
}

export interface FeeModel {
  /** Stable name, stored with each trade so a fee can be explained later. */
  readonly kind: string;
  /** Fee in collateral micros, never negative. */
  feeMicros(fill: FeeInput): number;
}

/** A fee model was configured with values it cannot honour (a bug or bad settings, not a market state). */
export class FeeConfigError extends PolymancerError {
  readonly code = 'fee_config_invalid';
}
