import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { migrateDatabase } from '@polymancer/db';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';

const expectedTables = ['users', 'sessions', 'accounts', 'verifications', 'two_factors', 'rate_limits', 'bots', 'trade_logs', 'audit_events', 'worker_heartbeats'];

for (const engine of testEngines()) {
  describe(`migrations on ${engine}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(engine, { migrate: false });
    });
    afterAll(() => t.dispose());

    test('run from an empty database and create the core model', async () => {
      await migrateDatabase(t.handle);
      const rows = await t.handle.db.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public'`);
      const names = (rows as unknown as { rows?: { table_name: string }[] }).rows ?? (rows as unknown as { table_name: string }[]);
      expect(names.map((r) => r.table_name)).toEqual(expect.arrayContaining(expectedTables));
    });

    test('are idempotent: running them again changes nothing', async () => {
      await migrateDatabase(t.handle);
      await migrateDatabase(t.handle);
    });

    test('lay down the specification columns with their defaults', async () => {
      await t.handle.db.execute(sql`insert into users (id, name, email) values ('usr_m1', 'M', 'm@example.com')`);
      await t.handle.db.execute(sql`insert into bots (id, user_id, name) values ('bot_m1', 'usr_m1', 'B')`);
      const u = await t.handle.db.query.users.findFirst();
      expect(u).toMatchObject({ tier: 'free', role: 'user', kycStatus: 'unverified', kycVerifiedAt: null, tradingFrozen: false });
      const b = await t.handle.db.query.bots.findFirst();
      expect(b).toMatchObject({ type: 'paper', isUnlockedForLive: false, unlockedAt: null, kycVerified: false, emergencyStopped: false });
      const cols = await t.handle.db.execute(
        sql`select column_name, data_type, character_maximum_length from information_schema.columns where table_name = 'trade_logs' and column_name in ('type', 'transaction_hash', 'confirmation_blocks')`,
      );
      const list = ((cols as unknown as { rows?: unknown[] }).rows ?? cols) as { column_name: string; character_maximum_length: number | null }[];
      expect(list.map((c) => c.column_name).sort()).toEqual(['confirmation_blocks', 'transaction_hash', 'type']);
      expect(list.find((c) => c.column_name === 'transaction_hash')?.character_maximum_length).toBe(66);
    });
  });
}
