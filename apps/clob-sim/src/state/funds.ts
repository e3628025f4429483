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

export interface FillTransfer {
  readonly buyer: string;
  readonly seller: string;
  readonly taker: string;
  readonly tokenId: string;
  readonly sizeMicros: number;
  readonly collateralMicros: number;
  readonly takerFeeMicros: number;
}

/** Move a fill's collateral, shares and taker fee (`direction` −1 undoes it, for failed settlements). */
export function applyFill(wallets: WalletLedger, fill: FillTransfer, direction: 1 | -1 = 1): void {
  wallets.addCollateral(fill.buyer, -direction * fill.collateralMicros);
  wallets.addCollateral(fill.seller, direction * fill.collateralMicros);
  wallets.addTokens(fill.buyer, fill.tokenId, direction * fill.sizeMicros);
  wallets.addTokens(fill.seller, fill.tokenId, -direction * fill.sizeMicros);
  wallets.addCollateral(fill.taker, -direction * fill.takerFeeMicros);
}
