/**
 * The life of a settlement transaction (a trade's on-chain settlement, or a redemption), as the monitor
 * observes it — pure: the chain observation and the time are parameters.
 *
 *   submitted ──(the node knows it, not mined)──▶ pending ──(in a canonical block)──▶ confirmed (≥ 1 block)
 *        └────────────────(mined)──────────────────────────────────────────────────▶ confirmed ──(≥ 12)──▶ finalized
 *   any open state ──(receipt reverted)──▶ failed
 *   confirmed ──(its block left the canonical chain: no receipt, or another block at that height)──▶ pending (reorg)
 *
 * `finalized` and `failed` are final. A transaction open (submitted or pending) longer than `pendingAlertSecs`
 * since it last became pending raises one alert per pending episode (a reorg starts a new episode).
 */

export type SettlementTxStatus = 'submitted' | 'pending' | 'confirmed' | 'finalized' | 'failed';

export interface SettlementTxState {
  readonly status: SettlementTxStatus;
  readonly confirmations: number;
  readonly blockNumber: bigint | null;
  readonly blockHash: string | null;
  readonly reorgs: number;
  /** When the transaction last entered submitted/pending (the pending-alert clock). */
  readonly pendingSince: Date;
  /** Set once the current pending episode raised its alert. */
  readonly alertedAt: Date | null;
}

export interface ChainObservation {
  readonly headBlock: bigint;
  /** The node knows the transaction (mempool or mined). */
  readonly known: boolean;
  readonly receipt: { readonly blockNumber: bigint; readonly blockHash: string; readonly succeeded: boolean } | undefined;
  /** The canonical block hash at the receipt's height (a stale receipt from a dropped block differs). */
  readonly canonicalBlockHash: string | undefined;
}

export interface SettlementTxRules {
  /** Blocks (the including one counts) for `finalized`. Default 12. */
  readonly finalityBlocks: number;
  /** Open longer than this → an alert. Default 300 s. */
  readonly pendingAlertSecs: number;
}

export const DEFAULT_SETTLEMENT_TX_RULES: SettlementTxRules = { finalityBlocks: 12, pendingAlertSecs: 300 };

export type SettlementTxEvent = 'pending' | 'confirmed' | 'finalized' | 'failed' | 'reorged' | 'pending_too_long';

export interface SettlementTxStep {
  readonly next: SettlementTxState;
  /** What happened in this step, in order (empty when nothing changed). */
  readonly events: readonly SettlementTxEvent[];
}

export function isFinalSettlementStatus(status: SettlementTxStatus): boolean {
  return status === 'finalized' || status === 'failed';
}

export function observeSettlementTx(state: SettlementTxState, seen: ChainObservation, now: Date, rules: SettlementTxRules = DEFAULT_SETTLEMENT_TX_RULES): SettlementTxStep {
  if (isFinalSettlementStatus(state.status)) return { next: state, events: [] };
  const events: SettlementTxEvent[] = [];
  let next: SettlementTxState = state;
  const included = seen.receipt !== undefined && (seen.canonicalBlockHash === undefined || seen.canonicalBlockHash === seen.receipt.blockHash);

  if (seen.receipt && included && !seen.receipt.succeeded) {
    return { next: { ...state, status: 'failed', blockNumber: seen.receipt.blockNumber, blockHash: seen.receipt.blockHash, confirmations: confirmationsOf(seen) }, events: ['failed'] };
  }
  if (seen.receipt && included) {
    const confirmations = confirmationsOf(seen);
    const status: SettlementTxStatus = confirmations >= rules.finalityBlocks ? 'finalized' : 'confirmed';
    next = { ...state, status, confirmations, blockNumber: seen.receipt.blockNumber, blockHash: seen.receipt.blockHash };
    if (state.status !== 'confirmed' && status === 'confirmed') events.push('confirmed');
    if (status === 'finalized') {
      if (state.status !== 'confirmed') events.push('confirmed');
      events.push('finalized');
    }
    return { next, events };
  }
  // Not in the canonical chain.
  if (state.status === 'confirmed') {
    next = { ...state, status: 'pending', confirmations: 0, blockNumber: null, blockHash: null, reorgs: state.reorgs + 1, pendingSince: now, alertedAt: null };
    return { next, events: ['reorged'] };
  }
  if (state.status === 'submitted' && seen.known) {
    next = { ...state, status: 'pending' };
    events.push('pending');
  }
  if (next.alertedAt === null && now.getTime() - next.pendingSince.getTime() > rules.pendingAlertSecs * 1000) {
    next = { ...next, alertedAt: now };
    events.push('pending_too_long');
  }
  return { next, events };
}

/** A receipt is one block at least: the head is read before the receipt, so a block mined between the two reads is newer than it. */
function confirmationsOf(seen: ChainObservation): number {
  const receipt = seen.receipt!;
  return Math.max(1, Number(seen.headBlock - receipt.blockNumber + 1n));
}
