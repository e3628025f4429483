/**
 * Applying the slippage differential's suggestion (issue 20 "Live risk"): only for a live bot whose
 * owner opted in, only tighter, audited and notified; the same orders never tighten twice; an owner's
 * edit made meanwhile wins (compare-and-set). Over the real stores (PGlite; Postgres when configured).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createAuditLog } from '@polymancer/audit';
import { ManualClock, NotFoundError } from '@polymancer/core';
import { createAuditStore, createNotificationStore, createSlippageStore, schema } from '@polymancer/db';
import { createNotificationService, notifierFor } from '@polymancer/notify';
import { createSlippageReports } from '@polymancer/safety';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase, testEngines } from '../../../test/databases.ts';
import { addBot, addUser, auditActions, CONDITION, YES } from './helpers.ts';

for (const engine of testEngines()) {
  describe(`slippage tightening (${engine})`, () => {
    let t: TestDatabase;
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));

    beforeAll(async () => {
      t = await createTestDatabase(engine);
    });
    afterAll(async () => {
      await t.dispose();
    });

    const slippage = () =>
      createSlippageReports({
        store: createSlippageStore(t.handle.db),
        audit: createAuditLog({ store: createAuditStore(t.handle.db), clock }),
        clock,
        notifier: notifierFor(createNotificationService({ store: createNotificationStore(t.handle.db), clock, messageIdDomain: 'polymancer.test' })),
      });
    const botRow = async (id: string) => (await t.handle.db.select().from(schema.bots).where(eq(schema.bots.id, id)))[0]!;
    const notificationsOf = (userId: string) => t.handle.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId));

    /** `n` matched live orders of the bot that predicted 10 bps and paid `actualBps`. */
    async function matchedOrders(userId: string, botId: string, n: number, actualBps: number) {
      for (let i = 0; i < n; i++) {
        clock.advance(1_000);
        const id = `ord_${botId}_${actualBps}_${i}_${Math.random().toString(36).slice(2, 8)}`;
        await t.handle.db.insert(schema.liveOrders).values({
          id,
          userId,
          botId,
          tickKey: id,
          conditionId: CONDITION,
          tokenId: YES,
          outcome: 'Yes',
          side: 'buy',
          orderType: 'FOK',
          walletType: 0,
          makerAddress: '0x0',
          signerAddress: '0x0',
          exchange: 'ctf_v2',
          salt: '1',
          orderHash: `0x${id}`,
          signedOrder: {},
          makerAmountMicros: 1,
          takerAmountMicros: 1,
          limitPriceMicros: 1,
          predictedSharesMicros: 1,
          predictedNotionalMicros: 1,
          predictedPriceMicros: 1,
          predictedFeeMicros: 0,
          predictedSlippageBps: 10,
          bestPriceMicros: 1,
          status: 'matched',
          actualSlippageBps: actualBps,
          createdAt: clock.now(),
          updatedAt: clock.now(),
        });
      }
    }

    async function liveBotWithLimit(limitBps: number | null) {
      const userId = await addUser(t.handle.db, 'usr_slip');
      const botId = await addBot(t.handle.db, clock, userId, 'live');
      await t.handle.db.update(schema.bots).set({ maxSlippageBps: limitBps }).where(eq(schema.bots.id, botId));
      return { userId, botId };
    }

    test('opted in: an alert tightens the limit by the excess, audited and notified; the same orders never tighten it again', async () => {
      const { userId, botId } = await liveBotWithLimit(300);
      await matchedOrders(userId, botId, 5, 130); // excess 120 bps over 5 orders
      const s = slippage();
      expect(await s.report(userId, botId)).toMatchObject({ alert: true, suggestedMaxSlippageBps: 180, autoTighten: false });
      // Not opted in: the suggestion is only shown.
      expect(await s.applySuggestions()).toEqual({ checked: 0, tightened: 0 });
      expect((await botRow(botId)).maxSlippageBps).toBe(300);

      expect(await s.setAutoTighten({ userId }, botId, true)).toMatchObject({ autoTighten: true, suggestedMaxSlippageBps: 180 });
      const versionBefore = (await botRow(botId)).version;
      expect(await s.applySuggestions()).toEqual({ checked: 1, tightened: 1 });
      const row = await botRow(botId);
      expect(row).toMatchObject({ maxSlippageBps: 180, version: versionBefore + 1 });
      expect(row.slippageTightenedAt).toEqual(clock.now());
      const actions = await auditActions(t.handle.db);
      expect(actions).toContain('bot.slippage.auto_tighten_set');
      expect(actions.filter((a) => a === 'bot.slippage.tightened')).toHaveLength(1);
      const [note] = await notificationsOf(userId);
      expect(note).toMatchObject({ kind: 'bot.slippage_tightened' });
      expect(note!.data).toMatchObject({ botId, fromMaxSlippageBps: 300, toMaxSlippageBps: 180, meanExcessBps: 120, samples: 5 });

      // The differential starts over after the tightening: the same five orders do not tighten it to 60.
      expect(await s.report(userId, botId)).toMatchObject({ samples: 0, alert: false });
      expect(await s.applySuggestions()).toEqual({ checked: 1, tightened: 0 });
      expect((await botRow(botId)).maxSlippageBps).toBe(180);
      // New orders that still overpay tighten it again.
      await matchedOrders(userId, botId, 5, 160); // excess 150
      expect(await s.applySuggestions()).toEqual({ checked: 1, tightened: 1 });
      expect((await botRow(botId)).maxSlippageBps).toBe(30);
    });

    test('not opted in: the owner is alerted with the suggestion, once per bot per UTC day while the alert holds; nothing is changed', async () => {
      const { userId, botId } = await liveBotWithLimit(300);
      const quiet = await liveBotWithLimit(300);
      await matchedOrders(userId, botId, 5, 130); // excess 120 bps
      await matchedOrders(quiet.userId, quiet.botId, 5, 50); // excess 40 bps: no alert
      const s = slippage();
      const alertsOf = async (id: string) => (await notificationsOf(id)).filter((n) => n.kind === 'bot.slippage_alert');
      expect((await s.alertOwners()).alerted).toBe(1);
      const [alert] = await alertsOf(userId);
      expect(alert!.data).toMatchObject({ botId, meanExcessBps: 120, samples: 5, currentMaxSlippageBps: 300, suggestedMaxSlippageBps: 180 });
      expect(alert!.body).toContain('Suggested maximum slippage: 180 bps (now 300 bps)');
      expect(await alertsOf(quiet.userId)).toHaveLength(0);
      expect((await botRow(botId)).maxSlippageBps).toBe(300);
      // The same day: not again. The next UTC day, still over: once more.
      expect((await s.alertOwners()).alerted).toBe(0);
      clock.advance(24 * 3_600_000);
      expect((await s.alertOwners()).alerted).toBe(1);
      expect(await alertsOf(userId)).toHaveLength(2);
    });

    test('no limit yet: the suggestion starts from 5 %; a paper bot and another user’s bot are never touched', async () => {
      const { userId, botId } = await liveBotWithLimit(null);
      await matchedOrders(userId, botId, 5, 210); // excess 200
      const s = slippage();
      await s.setAutoTighten({ userId }, botId, true);
      const paperUser = await addUser(t.handle.db, 'usr_slip_paper');
      const paperBot = await addBot(t.handle.db, clock, paperUser, 'paper');
      await t.handle.db.update(schema.bots).set({ autoTightenSlippage: true, maxSlippageBps: 300 }).where(eq(schema.bots.id, paperBot));
      await matchedOrders(paperUser, paperBot, 5, 500);
      await expect(s.setAutoTighten({ userId: paperUser }, botId, false)).rejects.toBeInstanceOf(NotFoundError);

      const result = await s.applySuggestions();
      expect(result.tightened).toBeGreaterThanOrEqual(1);
      expect((await botRow(botId)).maxSlippageBps).toBe(300);
      expect((await botRow(paperBot)).maxSlippageBps).toBe(300);
      expect((await botRow(botId)).autoTightenSlippage).toBe(true);
    });

    test('an owner edit between reading and applying wins: the limit is only tightened from the value the suggestion used', async () => {
      const { userId, botId } = await liveBotWithLimit(400);
      await matchedOrders(userId, botId, 5, 130);
      const store = createSlippageStore(t.handle.db);
      await t.handle.db.update(schema.bots).set({ maxSlippageBps: 250 }).where(eq(schema.bots.id, botId));
      expect(await store.tighten(botId, 400, 280, clock.now())).toBe(false);
      expect((await botRow(botId)).maxSlippageBps).toBe(250);
      expect(await store.tighten(botId, 250, 130, clock.now())).toBe(true);
      expect((await botRow(botId)).maxSlippageBps).toBe(130);
    });
  });
}
