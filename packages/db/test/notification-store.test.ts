/**
 * The outbox claim under concurrency, on a real PostgreSQL server (PGlite runs one transaction at a
 * time, so it cannot show the race): two senders claiming one delivery at once — the second waits
 * on the row lock, then finds the row no longer due and gets nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ManualClock } from '@polymancer/core';
import { createNotificationStore, schema, type Database } from '@polymancer/db';
import { createNotificationService } from '@polymancer/notify';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';

describe.skipIf(!process.env.TEST_DATABASE_URL)('notification outbox on postgres', () => {
  let t: TestDatabase;
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 12));

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await t.handle.db.insert(schema.users).values({ id: 'usr_claim', name: 'c', email: 'c@example.test' });
  });
  afterAll(async () => {
    await t.dispose();
  });

  test('two senders claiming one delivery at once: exactly one gets it', async () => {
    const db = t.handle.db;
    const store = createNotificationStore(db);
    const service = createNotificationService({ store, clock, messageIdDomain: 'polymancer.test' });
    const { id } = await service.notify('usr_claim', 'credentials.export.cancelled', { requestId: 'exr_1' });
    const [delivery] = await store.deliveriesOf(id);
    const deliveryId = delivery?.id ?? '';
    const now = clock.now();
    const until = new Date(now.getTime() + 300_000);

    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let firstClaimed!: () => void;
    const firstClaimedNow = new Promise<void>((r) => (firstClaimed = r));
    const first = db.transaction(async (tx) => {
      const claimed = await createNotificationStore(tx as unknown as Database).claim(deliveryId, now, until);
      firstClaimed();
      await released;
      return claimed;
    });
    await firstClaimedNow;
    const second = store.claim(deliveryId, now, until);
    // Let the first commit only once the second is queued on the row lock.
    const handle = t.handle;
    if (handle.kind !== 'postgres') throw new Error('expected postgres');
    for (;;) {
      const [row] = await handle.sql<{ n: number }[]>`select count(*)::int as n from pg_locks where not granted`;
      if ((row?.n ?? 0) > 0) break;
    }
    release();
    expect((await first)?.attempts).toBe(1);
    expect(await second).toBeUndefined();
    expect(await store.findDelivery(deliveryId)).toMatchObject({ status: 'sending', attempts: 1 });
  });
});
