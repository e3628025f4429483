/**
 * `@polymancer/settlement`'s `SettlementTxStore` over `settlement_transactions`. New hashes come from
 * `live_orders.transaction_hashes` (one INSERT … SELECT, idempotent by the unique hash) or `track`; each check
 * writes the new state and, for a trade, the confirmation count onto its trade log row.
 */
import type { SettlementTxState, SettlementTxStatus } from '@polymancer/core';
import { newId } from '@polymancer/core';
import type { SettlementTx, SettlementTxStore } from '@polymancer/settlement';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { settlementTransactions, tradeLogs } from '../schema/index.ts';

type Row = typeof settlementTransactions.$inferSelect;

const open: SettlementTxStatus[] = ['submitted', 'pending', 'confirmed'];

function fromRow(row: Row): SettlementTx {
  return {
    id: row.id,
    userId: row.userId,
    botId: row.botId,
    kind: row.kind === 'redemption' ? 'redemption' : 'trade',
    txHash: row.txHash,
    submittedAt: row.submittedAt,
    status: row.status as SettlementTxStatus,
    confirmations: row.confirmations,
    blockNumber: row.blockNumber,
    blockHash: row.blockHash,
    reorgs: row.reorgs,
    pendingSince: row.pendingSince,
    alertedAt: row.alertedAt,
  };
}

export function createSettlementTxStore(db: Database): SettlementTxStore & { byHash(txHash: string): Promise<SettlementTx | undefined> } {
  return {
    async discoverFromLiveOrders(now) {
      const at = now.toISOString();
      const result = await db.execute(sql`
        insert into settlement_transactions (id, user_id, bot_id, kind, live_order_id, trade_log_id, tx_hash, status, submitted_at, pending_since)
        select 'stx_' || substr(md5(h.hash), 1, 24), lo.user_id, lo.bot_id, 'trade', lo.id, lo.trade_log_id, lower(h.hash), 'submitted',
               coalesce(lo.answered_at, ${at}::timestamptz), coalesce(lo.answered_at, ${at}::timestamptz)
        from live_orders lo
        cross join lateral jsonb_array_elements_text(lo.transaction_hashes) as h(hash)
        where lo.transaction_hashes is not null and jsonb_typeof(lo.transaction_hashes) = 'array'
          and h.hash ~ '^0x[0-9a-fA-F]{64}$'
          and not exists (select 1 from settlement_transactions s where s.tx_hash = lower(h.hash))
        on conflict (tx_hash) do nothing
        returning id`);
      const rows = (result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]);
      return Array.isArray(rows) ? rows.length : 0;
    },
    async track(input) {
      await db
        .insert(settlementTransactions)
        .values({
          id: newId('settlementTx'),
          userId: input.userId,
          botId: input.botId,
          kind: input.kind,
          liveOrderId: input.liveOrderId ?? null,
          tradeLogId: input.tradeLogId ?? null,
          txHash: input.txHash.toLowerCase(),
          status: 'submitted',
          submittedAt: input.submittedAt,
          pendingSince: input.submittedAt,
        })
        .onConflictDoNothing({ target: settlementTransactions.txHash });
    },
    async listOpen(limit) {
      const rows = await db
        .select()
        .from(settlementTransactions)
        .where(inArray(settlementTransactions.status, open))
        .orderBy(sql`${settlementTransactions.lastCheckedAt} asc nulls first`, asc(settlementTransactions.submittedAt))
        .limit(limit);
      return rows.map(fromRow);
    },
    async save(id, next: SettlementTxState, previous, checkedAt) {
      const [row] = await db
        .update(settlementTransactions)
        .set({
          status: next.status,
          confirmations: next.confirmations,
          blockNumber: next.blockNumber,
          blockHash: next.blockHash,
          reorgs: next.reorgs,
          pendingSince: next.pendingSince,
          alertedAt: next.alertedAt,
          lastCheckedAt: checkedAt,
          ...(next.status === 'confirmed' && previous !== 'confirmed' ? { confirmedAt: checkedAt } : {}),
          ...(next.status === 'finalized' ? { finalizedAt: checkedAt } : {}),
          ...(next.status === 'failed' ? { failedAt: checkedAt } : {}),
        })
        .where(eq(settlementTransactions.id, id))
        .returning({ tradeLogId: settlementTransactions.tradeLogId });
      if (row?.tradeLogId) await db.update(tradeLogs).set({ confirmationBlocks: next.confirmations }).where(eq(tradeLogs.id, row.tradeLogId));
    },
    async byHash(txHash) {
      const [row] = await db.select().from(settlementTransactions).where(eq(settlementTransactions.txHash, txHash.toLowerCase()));
      return row === undefined ? undefined : fromRow(row);
    },
  };
}
