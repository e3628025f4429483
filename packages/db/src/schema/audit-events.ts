import { bigint, char, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * The append-only, hash-chained audit log. The database refuses UPDATE, DELETE and TRUNCATE on
 * this table (trigger in migration 0001); `seq` is the chain position, assigned under an advisory
 * lock so concurrent writers never fork the chain.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).notNull().unique(),
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
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    hash: char('hash', { length: 64 }).notNull().unique(),
  },
  (t) => [index('audit_events_actor_idx').on(t.actorId, t.occurredAt), index('audit_events_subject_idx').on(t.subjectType, t.subjectId)],
);
