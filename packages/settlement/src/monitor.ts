/**
 * The settlement monitor: one pass over the open settlement transactions (run every 30 s by the worker).
 * Each pass first picks up new hashes from live orders, then observes each open transaction on the chain
 * (one head block per pass) and moves it with `observeSettlementTx`: submitted → pending → confirmed →
 * finalized, failed, back to pending on a reorg; confirmation counts are stored on every check. Events go
 * to `SettlementAlerts` (pending too long, failed, reorged). A chain error on one transaction does not stop
 * the pass; it is counted and the row is retried next pass.
 */
import { DEFAULT_SETTLEMENT_TX_RULES, observeSettlementTx, type Clock, type SettlementTxRules } from '@polymancer/core';
import type { ChainObserver, SettlementAlerts, SettlementTxStore } from './ports.ts';

export interface SettlementMonitorOptions {
  readonly store: SettlementTxStore;
  readonly chain: ChainObserver;
  readonly alerts: SettlementAlerts;
  readonly clock: Clock;
  readonly rules?: SettlementTxRules;
  /** Transactions observed per pass (least recently checked first). Default 500. */
  readonly batchSize?: number;
}

export interface SettlementPass {
  readonly discovered: number;
  readonly checked: number;
  readonly changed: number;
  readonly events: number;
  readonly errors: number;
}

export interface SettlementMonitor {
  runOnce(): Promise<SettlementPass>;
}

export function createSettlementMonitor(options: SettlementMonitorOptions): SettlementMonitor {
  const rules = options.rules ?? DEFAULT_SETTLEMENT_TX_RULES;
  return {
    async runOnce() {
      const now = options.clock.now();
      const discovered = await options.store.discoverFromLiveOrders(now);
      const open = await options.store.listOpen(options.batchSize ?? 500);
      if (open.length === 0) return { discovered, checked: 0, changed: 0, events: 0, errors: 0 };
      const head = await options.chain.headBlock();
      let changed = 0;
      let events = 0;
      let errors = 0;
      for (const tx of open) {
        try {
          const seen = await options.chain.observe(tx.txHash, head);
          const step = observeSettlementTx(tx, seen, now, rules);
          await options.store.save(tx.id, step.next, tx.status, now);
          if (step.next.status !== tx.status || step.next.confirmations !== tx.confirmations) changed += 1;
          for (const event of step.events) {
            events += 1;
            await options.alerts.onEvent(tx, event, step.next, now);
          }
        } catch {
          errors += 1;
        }
      }
      return { discovered, checked: open.length, changed, events, errors };
    },
  };
}
