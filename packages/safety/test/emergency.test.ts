/**
 * Emergency procedures over the real stores: users stop their own bots only, operators freeze users
 * and stop any bot; every action audited, the owner told of an operator's; a freeze stops a tick
 * queued before it (the tick's gate reads the flag under the bot's row lock).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createAuditLog } from '@polymancer/audit';
import { createMarketDataCache, type MarketData, paperExecution, runTick } from '@polymancer/bots';
import { ManualClock, NotFoundError } from '@polymancer/core';
import { createAuditStore, createEmergencyStore, createNotificationStore, createTickStore, schema } from '@polymancer/db';
import { createNotificationService, notifierFor } from '@polymancer/notify';
import { createEmergency } from '@polymancer/safety';
import { builtInStrategies } from '@polymancer/strategies';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase, testEngines } from '../../../test/databases.ts';
import { addBot, addUser, auditActions } from './helpers.ts';

for (const engine of testEngines()) {
  describe(`emergency (${engine})`, () => {
    let t: TestDatabase;
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    const operator = { kind: 'operator' as const, operatorId: 'usr_op', via: 'api' as const };

    beforeAll(async () => {
      t = await createTestDatabase(engine);
    });
    afterAll(async () => {
      await t.dispose();
    });

    const emergency = () =>
      createEmergency({
        store: createEmergencyStore(t.handle.db),
        audit: createAuditLog({ store: createAuditStore(t.handle.db), clock }),
        clock,
        notifier: notifierFor(createNotificationService({ store: createNotificationStore(t.handle.db), clock, messageIdDomain: 'polymancer.test' })),
      });
    const botRow = async (id: string) => (await t.handle.db.select().from(schema.bots).where(eq(schema.bots.id, id)))[0]!;
    const notificationsOf = (userId: string) => t.handle.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId));

    test('a user emergency-stops their own bot: paused, marked with reason and time, audited; a second stop keeps the first', async () => {
      const userId = await addUser(t.handle.db);
      const botId = await addBot(t.handle.db, clock, userId, 'live');
      const stopped = await emergency().emergencyStop({ kind: 'user', userId }, botId, 'market looks wrong');
      expect(stopped).toMatchObject({ status: 'paused', emergencyStopped: true, emergencyStoppedReason: 'market looks wrong', emergencyStoppedAt: clock.now() });
      clock.advance(1_000);
      await emergency().emergencyStop({ kind: 'user', userId }, botId, 'again');
      expect(await botRow(botId)).toMatchObject({ emergencyStoppedReason: 'market looks wrong' });
      expect((await auditActions(t.handle.db)).filter((a) => a === 'bot.emergency_stopped')).toHaveLength(1);
      // The owner acted: no notification to themselves.
      expect(await notificationsOf(userId)).toHaveLength(0);
    });

    test("another user's bot is not found; an operator may stop any bot and the owner is told", async () => {
      const owner = await addUser(t.handle.db);
      const other = await addUser(t.handle.db);
      const botId = await addBot(t.handle.db, clock, owner);
      await expect(emergency().emergencyStop({ kind: 'user', userId: other }, botId, 'nope')).rejects.toBeInstanceOf(NotFoundError);
      expect(await botRow(botId)).toMatchObject({ emergencyStopped: false, status: 'active' });
      await emergency().emergencyStop(operator, botId, 'suspicious activity');
      expect(await botRow(botId)).toMatchObject({ emergencyStopped: true, status: 'paused' });
      expect((await notificationsOf(owner)).map((n) => n.kind)).toEqual(['bot.emergency_stopped']);
      await emergency().clearEmergencyStop({ kind: 'user', userId: owner }, botId);
      expect(await botRow(botId)).toMatchObject({ emergencyStopped: false, emergencyStoppedReason: null, status: 'paused' });
    });

    test('a freeze by an operator stops a tick that was queued before it; lifting it is audited too', async () => {
      const userId = await addUser(t.handle.db);
      const botId = await addBot(t.handle.db, clock, userId);
      // The job for this tick is already queued (its key chosen); the freeze lands before it runs.
      const tickKey = `queued-${clock.now().toISOString()}`;
      const frozen = await emergency().setTradingFrozen(operator, userId, true, 'account review');
      expect(frozen).toEqual({ userId, frozen: true, changed: true });
      const venue: MarketData = { getMarket: async () => { throw new Error('a frozen tick must not fetch'); }, getBook: async () => { throw new Error('no'); } };
      const result = await runTick({ store: createTickStore(t.handle.db, clock), marketData: createMarketDataCache(venue, { clock }), strategies: builtInStrategies(), execution: paperExecution, clock }, { botId, tickKey }, clock.now());
      expect(result).toMatchObject({ status: 'skipped', code: 'user_frozen' });
      expect(await emergency().setTradingFrozen(operator, userId, true, 'again')).toMatchObject({ changed: false });
      await emergency().setTradingFrozen(operator, userId, false, 'review done');
      const actions = await auditActions(t.handle.db);
      expect(actions.filter((a) => a === 'user.trading.frozen')).toHaveLength(1);
      expect(actions.filter((a) => a === 'user.trading.resumed')).toHaveLength(1);
      expect((await notificationsOf(userId)).map((n) => n.kind).sort()).toEqual(['trading.frozen', 'trading.resumed']);
      await expect(emergency().setTradingFrozen(operator, 'usr_nobody', true, 'x')).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
