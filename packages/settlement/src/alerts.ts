/**
 * Alerts of the settlement monitor: a transaction pending too long, a failed settlement and a reorg are audit
 * events (system actor); the first two also notify the user (outbox: in-app and email), and a failed trade
 * settlement emergency-stops its bot (`stopBot`). Confirmations and finality are routine and only stored.
 */
import type { SettlementTxEvent, SettlementTxState } from '@polymancer/core';
import type { SettlementAlerts, SettlementTx } from './ports.ts';

export interface SettlementNotifier {
  notify(userId: string, kind: string, data: Readonly<Record<string, unknown>>): Promise<void>;
}

export interface SettlementAudit {
  record(event: {
    readonly actorId: string | null;
    readonly actorType: 'system';
    readonly action: string;
    readonly subjectType: string;
    readonly subjectId: string;
    readonly details: Readonly<Record<string, unknown>>;
  }): Promise<unknown>;
}

const audited: Partial<Record<SettlementTxEvent, string>> = {
  pending_too_long: 'settlement.tx.pending_too_long',
  failed: 'settlement.tx.failed',
  reorged: 'settlement.tx.reorged',
};

/**
 * `stopBot`: a trade whose settlement failed on chain did not happen on the wallet, though the bot's ledger
 * recorded the fill — the bot is emergency-stopped (nothing more trades on a ledger that does not match the
 * wallet) until its owner has checked the wallet and cleared the stop.
 */
export function settlementAlerts(deps: { readonly notifier: SettlementNotifier; readonly audit: SettlementAudit; readonly stopBot?: (botId: string, reason: string) => Promise<unknown> }): SettlementAlerts {
  return {
    async onEvent(tx: SettlementTx, event: SettlementTxEvent, next: SettlementTxState, now: Date) {
      const action = audited[event];
      if (action === undefined) return;
      const pendingSecs = Math.floor((now.getTime() - next.pendingSince.getTime()) / 1000);
      await deps.audit.record({
        actorId: null,
        actorType: 'system',
        action,
        subjectType: 'settlement_transaction',
        subjectId: tx.id,
        details: { txHash: tx.txHash, kind: tx.kind, botId: tx.botId, status: next.status, reorgs: next.reorgs, ...(event === 'pending_too_long' ? { pendingSecs } : {}) },
      });
      if (event === 'pending_too_long') {
        await deps.notifier.notify(tx.userId, 'settlement.pending_too_long', { txHash: tx.txHash, kind: tx.kind, botId: tx.botId, pendingSecs });
      } else if (event === 'failed') {
        await deps.notifier.notify(tx.userId, 'settlement.failed', { txHash: tx.txHash, kind: tx.kind, botId: tx.botId });
        if (tx.kind === 'trade' && tx.botId !== null) {
          await deps.stopBot?.(tx.botId, `a trade's settlement transaction ${tx.txHash} failed on chain: the trade did not happen on the wallet, though the bot's ledger recorded it; check the wallet before clearing the stop`);
        }
      }
    },
  };
}
