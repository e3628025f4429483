/**
 * Balance and allowance rules for a new order, and the ledger transfers of a fill.
 * A BUY commits its pUSD amount (plus the taker fee at its limit when it would cross at once); a SELL
 * commits its shares. What the maker's live orders already reserve counts against both the balance and
 * the exchange's allowance.
 */
import type { Side } from '../matching/types.ts';
import type { WalletLedger } from './wallets.ts';

export interface FundsCheck {
  readonly side: Side;
  /** BUY: pUSD the order commits (incl. fee reserve); SELL: shares. */
  readonly needMicros: number;
  /** BUY: pUSD balance; SELL: token balance. */
  readonly balanceMicros: number;
  /** Same asset already reserved by live orders. */
  readonly reservedMicros: number;
  readonly allowance: bigint;
}

/** The refusal text, or undefined when the maker can cover the order. */
export function checkFunds(check: FundsCheck): string | undefined {
  const committed = check.reservedMicros + check.needMicros;
  if (check.balanceMicros >= committed && check.allowance >= BigInt(committed)) return undefined;
  return `not enough balance / allowance: the balance is not enough -> balance: ${check.balanceMicros - check.reservedMicros}, order amount: ${check.needMicros}`;
}

/** One party's side of a fill, at its own token and price. */
export interface FillLeg {
  readonly address: string;
  readonly tokenId: string;
  readonly side: Side;
  readonly sizeMicros: number;
  /** Collateral this party pays (BUY) or receives (SELL) at its own price. */
  readonly collateralMicros: number;
  /** Taker fee debited from this party (0 for makers). */
  readonly feeMicros: number;
}

/**
 * Move one party's collateral, shares and fee (`direction` −1 undoes it, for failed settlements).
 * Both legs of a fill together: a BUY against a SELL of the same token swaps; two BUYs of complementary
 * tokens mint a pair (their payments sum to the size); two SELLs merge a pair.
 */
export function applyLeg(wallets: WalletLedger, leg: FillLeg, direction: 1 | -1 = 1): void {
  const sign = leg.side === 'BUY' ? 1 : -1;
  wallets.addTokens(leg.address, leg.tokenId, direction * sign * leg.sizeMicros);
  wallets.addCollateral(leg.address, direction * (-sign * leg.collateralMicros - leg.feeMicros));
}
