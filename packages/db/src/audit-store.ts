import { asc, desc, gt, sql } from 'drizzle-orm';
import { type AuditContent, type AuditLink, canonicalJson, genesisHash } from '@polymancer/core';
import type { AuditStore, AuditTipReader, ChainTip } from '@polymancer/audit';
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

/** The sequence number a writer links content at when the server is to put the real one in. */
export const SERVER_ASSIGNED_SEQ = 987_654_321_012_345;

const linkedInsertSql = `insert into audit_events (seq, id, occurred_at, actor_id, actor_type, action, subject_type, subject_id, ip, user_agent, details, prev_hash, hash)
  select tip.seq + 1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, tip.hash,
    encode(sha256(convert_to(tip.hash || E'\\n' || $11::text || (tip.seq + 1)::text || $12::text, 'UTF8')), 'hex')
  from (select coalesce((select seq from audit_events order by seq desc limit 1), 0) as seq,
               coalesce((select hash::text from audit_events order by seq desc limit 1), $13::text) as hash) tip`;

/**
 * For a writer inside its own transaction: takes the chain lock and appends `contents` (made with
 * `seq = SERVER_ASSIGNED_SEQ`) in order, each linked to the tip by the server itself — the same
 * rule as `auditHash`, `sha256(prevHash + "\n" + canonicalJson(content))`, with the canonical JSON
 * rendered here and only the sequence number filled in by the server — so the lock, the tip read
 * and the inserts go in one pipelined batch and the lock is held only until the caller's commit,
 * with no round trip to the writer in between. Returns undefined (nothing sent) when a content's
 * canonical JSON does not contain the sentinel sequence number exactly once; the caller then links
 * in process (`lockChainTip`).
 */
export function lockAndAppendLinked(tx: Database, contents: readonly AuditContent[]): Promise<unknown> | undefined {
  const marker = String(SERVER_ASSIGNED_SEQ);
  const parts: Array<[string, string]> = [];
  for (const content of contents) {
    if (content.seq !== SERVER_ASSIGNED_SEQ) return undefined;
    const json = canonicalJson(content);
    const at = json.indexOf(marker);
    if (at < 0 || json.indexOf(marker, at + 1) >= 0) return undefined;
    parts.push([json.slice(0, at), json.slice(at + marker.length)]);
  }
  const run = (name: string, text: string, params: unknown[]) => tx._.session.prepareQuery({ sql: text, params }, undefined, name, false).execute();
  const sent = [run('audit_lock', 'select pg_advisory_xact_lock($1)', [chainLockId])];
  contents.forEach((c, i) => {
    const [before, after] = parts[i] as [string, string];
    sent.push(
      run('audit_linked_insert', linkedInsertSql, [
        c.id,
        c.occurredAt.toISOString(),
        c.actorId,
        c.actorType,
        c.action,
        c.subjectType,
        c.subjectId,
        c.ip,
        c.userAgent,
        JSON.stringify(c.details),
        before,
        after,
        genesisHash,
      ]),
    );
  });
  return Promise.all(sent);
}

export function createAuditStore(db: Database): AuditStore & AuditTipReader {
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
    readTip: async () => {
      const [tip] = await db.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
      return tip ?? null;
    },
    readPage: async (afterSeq, limit) => {
      const rows = await db.select().from(auditEvents).where(gt(auditEvents.seq, afterSeq)).orderBy(asc(auditEvents.seq)).limit(limit);
      return rows.map((r): AuditLink => ({ ...r, details: r.details }));
    },
  };
}
