import { asc, count, desc, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { AuditLink } from '@polymancer/core';
import type { AuditStore, AuditTipReader, ChainTip, UnlinkedAuditEvent } from '@polymancer/audit';
import type { Database } from './database.ts';
import { auditEvents } from './schema/index.ts';

// One lock id for the chain: linking writers queue on it, so two links never read the same tip.
export const AUDIT_CHAIN_LOCK_ID = 7061786373;
const chainLockId = AUDIT_CHAIN_LOCK_ID;

const contentColumns = {
  id: auditEvents.id,
  occurredAt: auditEvents.occurredAt,
  actorId: auditEvents.actorId,
  actorType: auditEvents.actorType,
  action: auditEvents.action,
  subjectType: auditEvents.subjectType,
  subjectId: auditEvents.subjectId,
  ip: auditEvents.ip,
  userAgent: auditEvents.userAgent,
  details: auditEvents.details,
};

/** The linked head: the newest linked event (unlinked events have no seq and are not part of it). */
async function linkedTip(db: Database): Promise<ChainTip | null> {
  const [tip] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(isNotNull(auditEvents.seq))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return tip === undefined || tip.seq === null || tip.hash === null ? null : { seq: tip.seq, hash: tip.hash };
}

/**
 * For a writer inside its own transaction that must not queue on the chain's lock (the bot tick):
 * the rows that write `events` unlinked, to insert with its other writes. A linker links them
 * after the commit (`@polymancer/audit`'s `createAuditLinker` over `createAuditStore`).
 */
export function unlinkedAuditRows(events: readonly UnlinkedAuditEvent[]): ReadonlyArray<typeof auditEvents.$inferInsert> {
  return events.map((e) => ({ ...e, details: e.details as Record<string, unknown> }));
}

export function createAuditStore(db: Database): AuditStore & AuditTipReader {
  return {
    appendAfterTip: (link) =>
      db.transaction(async (txDb) => {
        const tx = txDb as unknown as Database;
        await tx.execute(sql`select pg_advisory_xact_lock(${chainLockId})`);
        const row = link(await linkedTip(tx));
        await tx.insert(auditEvents).values(row);
        return row;
      }),
    readTip: () => linkedTip(db),
    readPage: async (afterSeq, limit) => {
      const rows = await db
        .select({ seq: auditEvents.seq, ...contentColumns, prevHash: auditEvents.prevHash, hash: auditEvents.hash })
        .from(auditEvents)
        .where(gt(auditEvents.seq, afterSeq))
        .orderBy(asc(auditEvents.seq))
        .limit(limit);
      // `seq > afterSeq` leaves the unlinked out, so every link column is set.
      return rows.map((r): AuditLink => ({ ...r, seq: r.seq as number, prevHash: r.prevHash as string, hash: r.hash as string }));
    },
    linkPending: (limit, link) =>
      db.transaction(async (txDb) => {
        const tx = txDb as unknown as Database;
        await tx.execute(sql`select pg_advisory_xact_lock(${chainLockId})`);
        // Read under the lock, each statement with a fresh snapshot: every link committed before is seen.
        const [tip, pending] = await Promise.all([
          linkedTip(tx),
          tx.select(contentColumns).from(auditEvents).where(isNull(auditEvents.seq)).orderBy(asc(auditEvents.ticket)).limit(limit),
        ]);
        if (pending.length === 0) return 0;
        const links = link(tip, pending);
        const values = JSON.stringify(links.map((l) => ({ id: l.id, seq: l.seq, prev_hash: l.prevHash, hash: l.hash })));
        const result = (await tx.execute(sql`update audit_events as a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
          from jsonb_to_recordset(${values}::jsonb) as v(id text, seq bigint, prev_hash text, hash text)
          where a.id = v.id and a.seq is null returning a.id`)) as unknown;
        const updated = Array.isArray(result) ? result.length : (result as { rows: unknown[] }).rows.length;
        // Under the lock nobody else links, so every event read is still unlinked.
        if (updated !== links.length) throw new Error(`the audit linker linked ${updated} of ${links.length} events`);
        return links.length;
      }),
    countUnlinked: async () => {
      const [row] = await db.select({ n: count() }).from(auditEvents).where(isNull(auditEvents.seq));
      return row?.n ?? 0;
    },
  };
}

