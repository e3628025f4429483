import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { ManualClock } from '@polymancer/core';
import { createAuditLog, type AuditLog } from '@polymancer/audit';
import { createAuditStore } from '@polymancer/db';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';

for (const engine of testEngines()) {
  describe(`audit chain on ${engine}`, () => {
    let t: TestDatabase;
    let log: AuditLog;
    const clock = new ManualClock(Date.UTC(2026, 10, 1));

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      log = createAuditLog({ store: createAuditStore(t.handle.db), clock });
    });
    afterAll(() => t.dispose());

    test('records events as one verifiable chain', async () => {
      for (let i = 0; i < 5; i++) {
        clock.advance(1000);
        await log.record({ actorId: 'usr_a', actorType: 'user', action: 'auth.sign_in.succeeded', details: { n: i } });
      }
      const result = await log.verify();
      expect(result).toMatchObject({ ok: true, rows: 5 });
    });

    test('strips secret-looking keys from details before hashing', async () => {
      const link = await log.record({ actorId: null, actorType: 'system', action: 'test.secret', details: { password: 'hunter2', nested: { apiKey: 'k' }, safe: 1 } });
      expect(JSON.stringify(link.details)).not.toContain('hunter2');
      expect(link.details).toEqual({ password: '[redacted]', nested: { apiKey: '[redacted]' }, safe: 1 });
    });

    test('the database refuses UPDATE, DELETE and TRUNCATE on audit events', async () => {
      const db = t.handle.db;
      for (const statement of [sql`update audit_events set action = 'x' where seq = 1`, sql`delete from audit_events where seq = 1`, sql`truncate audit_events`]) {
        const error = await db.execute(statement).then(() => null, (e: unknown) => e);
        expect(String((error as Error | null)?.cause ?? error)).toMatch(/append-only/);
      }
    });

    test('concurrent appends keep one chain', async () => {
      const writers = Array.from({ length: 40 }, (_, i) =>
        log.record({ actorId: `usr_${i}`, actorType: 'user', action: 'test.concurrent', details: { i } }),
      );
      const links = await Promise.all(writers);
      const seqs = links.map((l) => l.seq).sort((a, b) => a - b);
      expect(new Set(seqs).size).toBe(40);
      expect(await log.verify()).toMatchObject({ ok: true, rows: 46 });
    });
  });
}
