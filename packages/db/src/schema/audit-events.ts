import { sql } from 'drizzle-orm';
import { bigint, char, check, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * The append-only, hash-chained audit log. The database refuses DELETE and TRUNCATE on this table,
 * and every UPDATE but one: linking an event written unlinked — setting its `seq`, `prev_hash` and
 * `hash`, all three at once, once, nothing else changed (trigger in migration 0020).
 *
 * `seq` is the chain position, assigned under the chain's advisory lock so writers never fork the
 * chain: either when the event is written (`AuditLog.record`) or, for events the bot tick writes
 * unlinked (so that trading ticks never queue on that lock), by the linker in batches
 * (`@polymancer/audit`'s audit-linker). `ticket` is the order events were written in (a sequence,
 * with gaps where a transaction rolled back); the linker links unlinked events in ticket order.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    ticket: bigint('ticket', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    seq: bigint('seq', { mode: 'number' }).unique(),
    id: text('id').primaryKey(),
    occurredAt: timestamp('occurred_at', tz).notNull(),
    actorId: text('actor_id'),
    actorType: text('actor_type').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevHash: char('prev_hash', { length: 64 }),
    hash: char('hash', { length: 64 }).unique(),
  },
  (t) => [
    index('audit_events_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_events_subject_idx').on(t.subjectType, t.subjectId),
    // The linker's queue: only unlinked events are in it.
    index('audit_events_unlinked_idx').on(t.ticket).where(sql`${t.seq} is null`),
    check('audit_events_linked_whole', sql`(${t.seq} is null) = (${t.hash} is null) and (${t.hash} is null) = (${t.prevHash} is null)`),
  ],
);
