import { createAuditLog } from '@polymancer/audit';
import { createBotService } from '@polymancer/bots';
import type { Clock } from '@polymancer/core';
import { createAuditStore, createBotStore, type Database, schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';

export const CONDITION = `0x${'e5'.repeat(32)}`;
export const YES = '3001';

let users = 0;

export async function addUser(db: Database, prefix = 'usr_safety'): Promise<string> {
  const id = `${prefix}${++users}_${Math.random().toString(36).slice(2, 8)}`;
  await db.insert(schema.users).values({ id, name: id, email: `${id}@example.test` });
  return id;
}

/** An active bot of `userId`; `type: 'live'` marks it live (as go-live would). */
export async function addBot(db: Database, clock: Clock, userId: string, type: 'paper' | 'live' = 'paper'): Promise<string> {
  const service = createBotService({ store: createBotStore(db), audit: createAuditLog({ store: createAuditStore(db), clock }), clock, llmAvailable: false });
  const bot = await service.create(userId, { name: 'safety', markets: [{ conditionId: CONDITION, tokenIds: [YES] }], strategy: { kind: 'mean-reversion' } });
  await db.update(schema.bots).set({ status: 'active', type }).where(eq(schema.bots.id, bot.id));
  return bot.id;
}

export async function auditActions(db: Database): Promise<string[]> {
  const rows = await db.select({ action: schema.auditEvents.action }).from(schema.auditEvents).orderBy(schema.auditEvents.ticket);
  return rows.map((r) => r.action);
}
