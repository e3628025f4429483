/**
 * Settlement of matched trades: a port with two implementations.
 * - `SyntheticSettlement` (default): a deterministic hash at match time; status advances on a schedule
 *   (MATCHED → MINED → CONFIRMED, or RETRYING → FAILED when fault injection marks the trade).
 * - `ChainSettlement` (`--rpc URL`, e.g. anvil): each trade becomes a real transaction; status follows
 *   its receipt (see chain-settlement.ts).
 */
import { keccak256, toHex } from 'viem';
import { tradeStatus, type SettlementSchedule, type SimTrade, type TradeStatus } from '../state/types.ts';

export interface Settlement {
  /** Called once per trade right after the match; resolves with the transaction hash. */
  submit(trade: SimTrade): Promise<string>;
  status(trade: SimTrade, nowMs: number): TradeStatus;
  /** Refresh statuses from the chain (no-op when synthetic). */
  poll(): Promise<void>;
}

export class SyntheticSettlement implements Settlement {
  readonly schedule: SettlementSchedule;

  constructor(schedule: SettlementSchedule) {
    this.schedule = schedule;
  }

  async submit(trade: SimTrade): Promise<string> {
    return keccak256(toHex(`tx:${trade.id}`));
  }

  status(trade: SimTrade, nowMs: number): TradeStatus {
    return tradeStatus(trade, nowMs, this.schedule);
  }

  async poll(): Promise<void> {}
}
