import { sql } from 'drizzle-orm';
import type { Database } from './database.ts';

/** Whether migrations have created the audit table: commands that only read say "run migrate first" instead of a raw SQL error. */
export async function auditTableExists(db: Database): Promise<boolean> {
  const rows = (await db.execute(sql`select to_regclass('audit_events') is not null as present`)) as unknown;
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<{ present: boolean }>;
  return list[0]?.present === true;
}
