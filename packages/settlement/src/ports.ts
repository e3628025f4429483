/** What the settlement monitor needs from the world, in its own terms (adapters implement these). */
import type { ChainObservation, SettlementTxEvent, SettlementTxState, SettlementTxStatus } from '@polymancer/core';

export interface SettlementTx extends SettlementTxState {
  readonly id: string;
  readonly userId: string;
  readonly botId: string | null;
  readonly kind: 'trade' | 'redemption';
  readonly txHash: string;
  readonly submittedAt: Date;
}

export interface TrackSettlementTx {
  readonly userId: string;
  readonly botId: string | null;
  readonly kind: 'trade' | 'redemption';
  readonly txHash: string;
  readonly liveOrderId?: string | null;
  readonly tradeLogId?: string | null;
  readonly submittedAt: Date;
}

export interface SettlementTxStore {
  /** Start watching every settlement hash live orders reported that is not watched yet; returns how many. */
  discoverFromLiveOrders(now: Date): Promise<number>;
  /** Watch one hash (idempotent by hash). */
  track(input: TrackSettlementTx): Promise<void>;
  /** Open rows (submitted, pending, confirmed), least recently checked first. */
  listOpen(limit: number): Promise<readonly SettlementTx[]>;
  /** Store the step's new state (and stamp the check); confirmations also go to the trade log row, if any. */
  save(id: string, next: SettlementTxState, previous: SettlementTxStatus, checkedAt: Date): Promise<void>;
}

export interface ChainObserver {
  headBlock(): Promise<bigint>;
  observe(txHash: string, headBlock: bigint): Promise<ChainObservation>;
}

/** Told about each event of a transaction (alerts go to the user's notification outbox and the audit log). */
export interface SettlementAlerts {
  onEvent(tx: SettlementTx, event: SettlementTxEvent, next: SettlementTxState, now: Date): Promise<void>;
}
