/** Shared set-up for the bots tests: a migrated database, the real stores and audit log, users. */
import { createAuditLog } from '@polymancer/audit';
import { ManualClock } from '@polymancer/core';
import { createAuditStore, createBotStore, schema, type Database } from '@polymancer/db';
import { createTestDatabase, type Engine, type TestDatabase } from '../../../test/databases.ts';
import { createBotService } from '../src/index.ts';

export const CONDITION_A = `0x${'a1'.repeat(32)}`;
export const CONDITION_B = `0x${'b2'.repeat(32)}`;

export interface Harness {
  readonly testDb: TestDatabase;
  readonly db: Database;
  readonly clock: ManualClock;
  readonly audit: ReturnType<typeof createAuditLog>;
  readonly bots: ReturnType<typeof createBotService>;
  addUser(id: string, options?: { frozen?: boolean }): Promise<string>;
  auditActions(): Promise<string[]>;
}

export async function createHarness(engine: Engine, options: { llmAvailable?: boolean } = {}): Promise<Harness> {
  const testDb = await createTestDatabase(engine);
  const db = testDb.handle.db;
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
  const audit = createAuditLog({ store: createAuditStore(db), clock });
  const bots = createBotService({ store: createBotStore(db), audit, clock, llmAvailable: options.llmAvailable ?? false });
  return {
    testDb,
    db,
    clock,
    audit,
    bots,
    async addUser(id, opts = {}) {
      await db.insert(schema.users).values({ id, name: id, email: `${id}@example.test`, tradingFrozen: opts.frozen ?? false });
      return id;
    },
    async auditActions() {
      const rows = await db.select({ action: schema.auditEvents.action }).from(schema.auditEvents).orderBy(schema.auditEvents.ticket);
      return rows.map((r) => r.action);
    },
  };
}
