import { asc, desc, gt, sql } from 'drizzle-orm';
import type { AuditLink } from '@polymancer/core';
import type { AuditStore, ChainTip } from '@polymancer/audit';
import type { Database } from './database.ts';
import { auditEvents } from './schema/index.ts';

// One lock id for the chain: writers queue on it, so two appends never read the same tip.
const chainLockId = 7061786373;

/**
 * For a writer already inside its own transaction that sends its statements pipelined: takes the
 * chain lock, then reads the tip. Both statements are issued at once and the server runs them in
 * order, so the tip is read after the lock is held; the lock is released at the caller's commit,
 * and the caller must insert the links it makes from this tip before then (`auditEvents`).
 */
export function lockChainTip(tx: Database): Promise<ChainTip | null> {
  // Fixed, named statements (prepared once per connection): bot ticks call this hundreds of times a second.
  const run = (name: string, text: string, params: unknown[]) =>
    tx._.session
      .prepareQuery({ sql: text, params }, undefined, name, false)
      .execute()
      .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ seq: number | string | bigint; hash: string }>);
  const lock = run('audit_lock', 'select pg_advisory_xact_lock($1)', [chainLockId]);
  const tip = run('audit_tip', 'select seq, hash from audit_events order by seq desc limit 1', []);
  return Promise.all([lock, tip]).then(([, [row]]) => (row === undefined ? null : { seq: Number(row.seq), hash: row.hash }));
}

export function createAuditStore(db: Database): AuditStore {
  return {
    appendAfterTip: (link) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${chainLockId})`);
        const [tip] = await tx
          .select({ seq: auditEvents.seq, hash: auditEvents.hash })
          .from(auditEvents)
          .orderBy(desc(auditEvents.seq))
          .limit(1);
        const row = link(tip ?? null);
        await tx.insert(auditEvents).values(row);
        return row;
      }),
    readPage: async (afterSeq, limit) => {
      const rows = await db.select().from(auditEvents).where(gt(auditEvents.seq, afterSeq)).orderBy(asc(auditEvents.seq)).limit(limit);
      return rows.map((r): AuditLink => ({ ...r, details: r.details }));
    },
  };
}
