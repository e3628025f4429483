/**
 * The session-token digest wrapper, driven through better-auth's own internal adapter on a real
 * database: every call better-auth makes with a session token (create, find one, find many by token,
 * update, delete, delete many — inside a transaction too) stores and matches digests, and hands the
 * caller's token back on the rows it found by token.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { runWithTransaction } from '@better-auth/core/context';
import { sql } from 'drizzle-orm';
import { createAuditLog } from '@polymancer/audit';
import { loadConfig } from '@polymancer/config';
import { ManualClock } from '@polymancer/core';
import { createAuditStore } from '@polymancer/db';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';
import { createAuth, type Auth } from '../src/create-auth.ts';
import { sessionTokenDigest } from '../src/session-token-digest.ts';

for (const engine of testEngines()) {
  describe(`session tokens stored as digests, through better-auth's adapter, on ${engine}`, () => {
    let database: TestDatabase;
    let auth: Auth;
    let userId: string;
    beforeAll(async () => {
      database = await createTestDatabase(engine);
      const clock = new ManualClock(new Date());
      const config = loadConfig({ POLYMANCER_ENV: 'test', AUTH_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' });
      auth = createAuth({ db: database.handle.db, config, audit: createAuditLog({ store: createAuditStore(database.handle.db), clock }), clock });
      userId = 'usr_digest0000000000000';
      await database.handle.db.execute(sql`insert into users (id, name, email) values (${userId}, 'digest', 'digest@example.com')`);
    });
    afterAll(() => database.dispose());

    const stored = async (): Promise<string[]> => {
      const result = (await database.handle.db.execute(`select token from sessions where user_id = '${userId}' order by created_at` as never)) as unknown;
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { token: string }[];
      return rows.map((r) => r.token);
    };

    test('create stores the digest and answers the raw token; find by token answers it back', async () => {
      const internal = (await auth.betterAuth.$context).internalAdapter;
      const created = await internal.createSession(userId);
      expect(created.token).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(await stored()).toContain(sessionTokenDigest(created.token));
      expect(await stored()).not.toContain(created.token);
      const found = await internal.findSession(created.token);
      expect(found?.session.token).toBe(created.token);
      expect(found?.user.id).toBe(userId);
      expect(await internal.findSession(sessionTokenDigest(created.token))).toBeNull();
    });

    test('find many by tokens (the "in" operator) matches digests and answers raw tokens', async () => {
      const internal = (await auth.betterAuth.$context).internalAdapter;
      const a = await internal.createSession(userId);
      const b = await internal.createSession(userId);
      const found = await internal.findSessions([a.token, b.token, 'not-a-token']);
      expect(found.map((s) => s.session.token).sort()).toEqual([a.token, b.token].sort());
    });

    test('update by token changes the row and answers the raw token', async () => {
      const internal = (await auth.betterAuth.$context).internalAdapter;
      const s = await internal.createSession(userId);
      const later = new Date(Date.now() + 3_600_000);
      const updated = await internal.updateSession(s.token, { expiresAt: later });
      expect(updated?.token).toBe(s.token);
      expect((await internal.findSession(s.token))?.session.expiresAt.getTime()).toBe(later.getTime());
    });

    test('delete by token and delete many by tokens remove exactly those rows', async () => {
      const internal = (await auth.betterAuth.$context).internalAdapter;
      const keep = await internal.createSession(userId);
      const gone = await internal.createSession(userId);
      const goneToo = await internal.createSession(userId);
      await internal.deleteSession(gone.token);
      await internal.deleteSessions([goneToo.token]);
      expect(await internal.findSession(gone.token)).toBeNull();
      expect(await internal.findSession(goneToo.token)).toBeNull();
      expect(await internal.findSession(keep.token)).not.toBeNull();
    });

    test('inside a transaction the adapter still stores digests', async () => {
      const context = await auth.betterAuth.$context;
      const created = await runWithTransaction(context.adapter, () => context.internalAdapter.createSession(userId));
      expect(await stored()).toContain(sessionTokenDigest(created.token));
      expect(await stored()).not.toContain(created.token);
      await runWithTransaction(context.adapter, () => context.internalAdapter.deleteSession(created.token));
      expect(await stored()).not.toContain(sessionTokenDigest(created.token));
    });

    test('listing by user answers digests, which are not tokens', async () => {
      const internal = (await auth.betterAuth.$context).internalAdapter;
      const listed = await internal.listSessions(userId);
      expect(listed.length).toBeGreaterThan(0);
      for (const s of listed) {
        expect(s.token).toMatch(/^[0-9a-f]{64}$/);
        expect(await internal.findSession(s.token)).toBeNull();
      }
    });
  });
}
