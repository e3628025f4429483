/**
 * Positions per outcome token, with average entry, in integers.
 *
 * Guarantees: shares and cost basis never go negative; a sell of the whole position removes the
 * whole cost basis (no rounding residue); cash, cost and realized P&L always reconcile:
 *   Σ cashDelta = Σ realized − costBasis (of what is still held).
 * Semantics: the cost basis includes buy fees; a sell's proceeds are net of its fee, so realized
 * P&L is after fees. A partial sell removes cost in proportion to shares sold (half-even).
 */
import type { Side } from '../fees/fee-model.ts';
import { divRound, mulDiv, toSafeNumber } from '../money/rounding.ts';
import { err, ok, type Result } from '../result.ts';

export interface Position {
  readonly tokenId: string;
  readonly sharesMicros: number;
  /** What the held shares cost, fees included. */
  readonly costBasisMicros: number;
  /** Cumulative realized P&L on this token. */
  readonly realizedPnlMicros: number;
  /** Cumulative fees paid on this token. */
  readonly feesPaidMicros: number;
}

/** What the position needs from an executed fill (a `FokFill` fits). */
export interface ExecutedFill {
  readonly side: Side;
  readonly sharesMicros: number;
  readonly notionalMicros: number;
  readonly feeMicros: number;
}

export interface PositionChange {
  readonly position: Position;
  /** Realized by this change (0 for a buy). */
  readonly realizedPnlMicros: number;
  /** Signed change to the collateral balance. */
  readonly cashDeltaMicros: number;
}

export interface PositionError {
  readonly code: 'insufficient_position' | 'invalid_fill';
  readonly reason: string;
}

export function emptyPosition(tokenId: string): Position {
  return { tokenId, sharesMicros: 0, costBasisMicros: 0, realizedPnlMicros: 0, feesPaidMicros: 0 };
}

/** Cost basis per share, half-even to the micro; undefined when flat. */
export function averageEntryPriceMicros(position: Position): number | undefined {
  if (position.sharesMicros === 0) return undefined;
  return mulDiv(position.costBasisMicros, 1_000_000, position.sharesMicros, 'half-even');
}

export function applyFill(position: Position, fill: ExecutedFill): Result<PositionChange, PositionError> {
  const { sharesMicros, notionalMicros, feeMicros } = fill;
  if (![sharesMicros, notionalMicros, feeMicros].every((n) => Number.isSafeInteger(n) && n >= 0) || sharesMicros === 0) {
    return err({ code: 'invalid_fill', reason: 'fill amounts must be non-negative integers with shares > 0' });
  }
  if (fill.side === 'BUY') {
    const cost = notionalMicros + feeMicros;
    return ok({
      position: {
        ...position,
        sharesMicros: position.sharesMicros + sharesMicros,
        costBasisMicros: position.costBasisMicros + cost,
        feesPaidMicros: position.feesPaidMicros + feeMicros,
      },
      realizedPnlMicros: 0,
      cashDeltaMicros: -cost,
    });
  }
  if (sharesMicros > position.sharesMicros) {
    return err({ code: 'insufficient_position', reason: `selling ${sharesMicros} share-micros of ${position.sharesMicros} held` });
  }
  const removedCost =
    sharesMicros === position.sharesMicros ? position.costBasisMicros : mulDiv(position.costBasisMicros, sharesMicros, position.sharesMicros, 'half-even');
  const proceeds = notionalMicros - feeMicros;
  const realized = proceeds - removedCost;
  return ok({
    position: {
      ...position,
      sharesMicros: position.sharesMicros - sharesMicros,
      costBasisMicros: position.costBasisMicros - removedCost,
      realizedPnlMicros: position.realizedPnlMicros + realized,
      feesPaidMicros: position.feesPaidMicros + feeMicros,
    },
    realizedPnlMicros: realized,
    cashDeltaMicros: proceeds,
  });
}

/** Held shares valued at `markPriceMicros`, floored to the micro. */
export function markValueMicros(position: Position, markPriceMicros: number): number {
  return toSafeNumber(divRound(BigInt(position.sharesMicros) * BigInt(markPriceMicros), 1_000_000n, 'floor'));
}

/** Mark value − cost basis. Mark at the book midpoint (`midpointMicros`) for mark-to-market. */
export function unrealizedPnlMicros(position: Position, markPriceMicros: number): number {
  return markValueMicros(position, markPriceMicros) - position.costBasisMicros;
}

/**
 * Settles a position when its market resolves: each share pays `payoutMicrosPerShare`
 * (1_000_000 for the winning outcome, 0 for a loser; other values for scalar or split outcomes).
 * The position ends flat; the payout is the cash delta.
 */
export function settlePosition(position: Position, payoutMicrosPerShare: number): PositionChange {
  const payout = markValueMicros(position, payoutMicrosPerShare);
  const realized = payout - position.costBasisMicros;
  return {
    position: { ...position, sharesMicros: 0, costBasisMicros: 0, realizedPnlMicros: position.realizedPnlMicros + realized },
    realizedPnlMicros: realized,
    cashDeltaMicros: payout,
  };
}

/** Winner pays one dollar a share, loser nothing. */
export function settleResolved(position: Position, won: boolean): PositionChange {
  return settlePosition(position, won ? 1_000_000 : 0);
}
