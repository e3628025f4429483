/** The simulator's records of orders and trades (integers; rendered to wire strings in `wire/render.ts`). */
import type { SimMarket } from '../markets/types.ts';
import type { Side, TimeInForce } from '../matching/types.ts';

export type OrderStatus = 'LIVE' | 'MATCHED' | 'CANCELED';

export interface SimOrder {
  readonly id: string;
  /** API key that placed it ('' for the simulator's own market maker). */
  readonly ownerKey: string;
  /** Lower-case address of the API key (the signer). */
  readonly ownerAddress: string;
  /** Lower-case funds owner (the order's `maker`). */
  readonly makerAddress: string;
  readonly market: SimMarket;
  readonly tokenId: string;
  readonly outcome: string;
  readonly side: Side;
  readonly priceMicros: number;
  readonly originalSizeMicros: number;
  sizeMatchedMicros: number;
  status: OrderStatus;
  readonly orderType: TimeInForce;
  readonly createdAtSecs: number;
  readonly expirationSecs: number;
  readonly associateTrades: string[];
  /** Lower-case exchange address whose allowance the order uses. */
  readonly spender: string;
}

export interface SimTradeMaker {
  readonly orderId: string;
  readonly ownerKey: string;
  readonly ownerAddress: string;
  readonly makerAddress: string;
  readonly matchedMicros: number;
  /** The maker's own price (its token's terms). */
  readonly priceMicros: number;
  /** Collateral the maker paid (BUY) or received (SELL). */
  readonly collateralMicros: number;
  readonly side: Side;
  readonly outcome: string;
  readonly tokenId: string;
}

export interface SimTrade {
  readonly id: string;
  readonly takerOrderId: string;
  readonly takerOwnerKey: string;
  readonly takerOwnerAddress: string;
  readonly takerMakerAddress: string;
  readonly market: SimMarket;
  readonly tokenId: string;
  readonly outcome: string;
  readonly side: Side;
  readonly sizeMicros: number;
  /** The taker's own price and collateral (its token's terms). */
  readonly priceMicros: number;
  readonly collateralMicros: number;
  readonly takerFeeMicros: number;
  readonly feeRateBps: number;
  readonly matchTimeMs: number;
  /** Set once submitted to settlement; replaced if a reorg forces a resubmission. */
  transactionHash: string;
  readonly makers: readonly SimTradeMaker[];
  /** Settlement of this trade fails (fault injection): RETRYING, then FAILED with transfers reverted. */
  readonly settlementFails: boolean;
}

export type TradeStatus = 'MATCHED' | 'MINED' | 'CONFIRMED' | 'RETRYING' | 'FAILED';

export interface SettlementSchedule {
  /** Milliseconds after the match when the synthetic transaction is mined. */
  readonly minedAfterMs: number;
  /** Milliseconds after the match when it is final. */
  readonly confirmedAfterMs: number;
}

export function tradeStatus(trade: SimTrade, nowMs: number, schedule: SettlementSchedule): TradeStatus {
  const age = nowMs - trade.matchTimeMs;
  if (trade.settlementFails) {
    if (age >= schedule.confirmedAfterMs) return 'FAILED';
    return age >= schedule.minedAfterMs ? 'RETRYING' : 'MATCHED';
  }
  if (age >= schedule.confirmedAfterMs) return 'CONFIRMED';
  if (age >= schedule.minedAfterMs) return 'MINED';
  return 'MATCHED';
}
