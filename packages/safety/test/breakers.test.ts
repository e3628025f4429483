/**
 * Circuit breakers over the real store (PGlite, and Postgres when TEST_DATABASE_URL is set): signals
 * recorded by the live path trip a breaker once, it stays open until an operator resumes it (audited),
 * and counting restarts at the resume.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createAuditLog } from '@polymancer/audit';
import { ManualClock } from '@polymancer/core';
import { createAuditStore, createBreakerStore, createNotificationStore, schema } from '@polymancer/db';
import { createNotificationService, notifierFor } from '@polymancer/notify';
import { BreakerNotOpenError, createBreakers } from '@polymancer/safety';
import { createTestDatabase, type TestDatabase, testEngines } from '../../../test/databases.ts';
import { addBot, addUser, auditActions } from './helpers.ts';

for (const engine of testEngines()) {
  describe(`circuit breakers (${engine})`, () => {
    let t: TestDatabase;
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    const operator = { operatorId: 'usr_operator', via: 'api' as const, ip: '127.0.0.1', userAgent: 'test' };

    beforeAll(async () => {
      t = await createTestDatabase(engine);
    });
    afterAll(async () => {
      await t.dispose();
    });

    const breakers = () => createBreakers({ store: createBreakerStore(t.handle.db), audit: createAuditLog({ store: createAuditStore(t.handle.db), clock }), clock });

    test('exchange errors over 50 % of at least 20 calls open the exchange breaker, audited once', async () => {
      const b = breakers();
      for (let i = 0; i < 9; i++) await b.recordExchangeCall({ status: 200 });
      for (let i = 0; i < 10; i++) await b.recordExchangeCall({ status: i % 2 === 0 ? 503 : 429 });
      // 10 of 19: under the minimum sample, nothing trips.
      expect(await b.openBreaker()).toBeUndefined();
      await b.recordExchangeCall({ status: null, code: 'timeout' });
      // 11 of 20 calls failed.
      expect(await b.openBreaker()).toMatchObject({ name: 'exchange_errors', reason: expect.stringContaining('11 of 20 exchange API calls failed within 10 minutes') });
      await b.recordExchangeCall({ status: 425 });
      await b.evaluate();
      const actions = await auditActions(t.handle.db);
      expect(actions.filter((a) => a === 'circuit_breaker.tripped')).toHaveLength(1);
      const state = (await b.status()).find((s) => s.name === 'exchange_errors');
      expect(state).toMatchObject({ open: true, details: { exchangeErrors: 11, exchangeCalls: 20, windowMs: 600_000 } });
    });

    test('stays open however much time passes, until an operator resumes it; the resume is audited and counting restarts', async () => {
      const b = breakers();
      clock.advance(60 * 60_000);
      await b.evaluate();
      expect((await b.openBreaker())?.name).toBe('exchange_errors');
      const resumed = await b.resume(operator, 'exchange_errors', 'exchange healthy again');
      expect(resumed).toMatchObject({ open: false, resumedBy: 'usr_operator' });
      expect(await b.openBreaker()).toBeUndefined();
      const [event] = await t.handle.db.select().from(schema.auditEvents).where(eqAction('circuit_breaker.resumed'));
      expect(event).toMatchObject({ actorId: 'usr_operator', actorType: 'operator', subjectId: 'exchange_errors', ip: '127.0.0.1' });
      expect(event?.details).toMatchObject({ via: 'api', reason: 'exchange healthy again' });
      // The failures before the resume no longer count: one more error of one call trips nothing.
      await b.recordExchangeCall({ status: 500 });
      expect(await b.openBreaker()).toBeUndefined();
      await expect(b.resume(operator, 'exchange_errors')).rejects.toBeInstanceOf(BreakerNotOpenError);
    });

    test('more than 20 % of live bots failing within 10 minutes opens the bot breaker', async () => {
      const b = breakers();
      const userId = await addUser(t.handle.db);
      const bots: string[] = [];
      for (let i = 0; i < 5; i++) bots.push(await addBot(t.handle.db, clock, userId, 'live'));
      await addBot(t.handle.db, clock, userId, 'paper'); // paper bots are not counted
      await b.recordBotFailure(bots[0]!, 'exchange_rejected');
      await b.recordBotFailure(bots[0]!, 'exchange_rejected');
      // 1 of 5 = 20 %: not over.
      expect(await b.openBreaker()).toBeUndefined();
      // Ten minutes later the first failure is outside the window.
      clock.advance(10 * 60_000 + 1);
      await b.recordBotFailure(bots[1]!, 'tick_failed');
      expect(await b.openBreaker()).toBeUndefined();
      await b.recordBotFailure(bots[2]!, 'tick_failed');
      expect(await b.openBreaker()).toMatchObject({ name: 'bot_failures', reason: expect.stringContaining('2 of 5 live bots failed within 10 minutes') });
      await b.resume({ operatorId: null, via: 'cli', cliUser: 'ops' }, 'bot_failures');
      expect(await b.openBreaker()).toBeUndefined();
      const [event] = await t.handle.db.select().from(schema.auditEvents).where(eqAction('circuit_breaker.resumed', 'bot_failures'));
      expect(event).toMatchObject({ actorId: null, actorType: 'operator' });
      expect(event?.details).toMatchObject({ via: 'cli', cliUser: 'ops' });
    });

    test('a trip tells every operator once, with how to resume it; other users are not told', async () => {
      const op = await addUser(t.handle.db, 'usr_op_breaker');
      await t.handle.db.update(schema.users).set({ role: 'operator' }).where(eq(schema.users.id, op));
      const someone = await addUser(t.handle.db, 'usr_not_op');
      const notifying = createBreakers({
        store: createBreakerStore(t.handle.db),
        audit: createAuditLog({ store: createAuditStore(t.handle.db), clock }),
        clock,
        notifier: notifierFor(createNotificationService({ store: createNotificationStore(t.handle.db), clock, messageIdDomain: 'polymancer.test' })),
      });
      // Earlier tests' breakers closed and their events out of the 10-minute window.
      for (const name of ['exchange_errors', 'bot_failures'] as const) await notifying.resume(operator, name, 'earlier test').catch(() => undefined);
      clock.advance(11 * 60_000);
      for (let i = 0; i < 20; i++) await notifying.recordExchangeCall({ status: 503 });
      await notifying.evaluate();
      expect((await notifying.status()).find((b) => b.name === 'exchange_errors')).toMatchObject({ open: true });
      const told = async (userId: string) => (await t.handle.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId))).filter((n) => n.kind === 'circuit_breaker.tripped');
      expect((await told(op)).map((n) => n.body.includes('resume-breaker exchange_errors'))).toEqual([true]);
      const [note] = await told(op);
      expect(note?.title).toBe('Live trading is paused: a circuit breaker tripped');
      expect(note?.body).toContain('resume-breaker exchange_errors');
      expect(await told(someone)).toHaveLength(0);
      expect(await told(op)).toHaveLength(1);
      await notifying.resume(operator, 'exchange_errors', 'cleanup');
    });
  });
}

import { and, eq } from 'drizzle-orm';
function eqAction(action: string, subjectId?: string) {
  return subjectId === undefined ? eq(schema.auditEvents.action, action) : and(eq(schema.auditEvents.action, action), eq(schema.auditEvents.subjectId, subjectId));
}
