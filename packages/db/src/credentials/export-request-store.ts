/**
 * `@polymancer/credentials`' `ExportRequestStore`: decisions about a user's export requests are made
 * under the user's row lock, so two concurrent requests cannot both pass the "none pending, none
 * completed in 30 days" rule; finishing is a compare-and-set from `pending`.
 */
import type { ExportRequestRecord, ExportRequestStore, ExportStatus } from '@polymancer/credentials';
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { credentialExportRequests, users } from '../schema/index.ts';

type Row = typeof credentialExportRequests.$inferSelect;
const r = credentialExportRequests;

function fromRow(row: Row): ExportRequestRecord {
  return { ...row, status: row.status as ExportStatus };
}

export function createExportRequestStore(db: Database): ExportRequestStore {
  return {
    async request(userId, decide) {
      return db.transaction(async (tx) => {
        await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
        const [pending] = await tx.select().from(r).where(and(eq(r.userId, userId), eq(r.status, 'pending')));
        const [lastCompleted] = await tx.select().from(r).where(and(eq(r.userId, userId), eq(r.status, 'completed'))).orderBy(desc(r.completedAt)).limit(1);
        const decision = decide({ pending: pending && fromRow(pending), lastCompleted: lastCompleted && fromRow(lastCompleted) });
        if (decision.insert !== null) await tx.insert(r).values({ ...decision.insert });
        return decision.result;
      });
    },
    async pending(userId) {
      const [row] = await db.select().from(r).where(and(eq(r.userId, userId), eq(r.status, 'pending')));
      return row && fromRow(row);
    },
    async finish(id, status, at) {
      const done = await db
        .update(r)
        .set(status === 'completed' ? { status, completedAt: at } : { status, cancelledAt: at })
        .where(and(eq(r.id, id), eq(r.status, 'pending')))
        .returning({ id: r.id });
      return done.length > 0;
    },
  };
}
