/**
 * A live order's reservation whose process died between admission and commit (no order row was ever
 * written under its id) is released by the reconciliation job once older than any admission → commit takes,
 * so it does not hold the bot's daily headroom until UTC midnight; a reservation with an order is left to
 * the order's outcome.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ManualClock } from '@polymancer/core';
import { createRiskLedgerStore, schema } from '@polymancer/db';
import { type AdmissionResult, createLiveRisk, ORPHAN_RESERVATION_AFTER_MS } from '@polymancer/safety';
import { eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase, testEngines } from '../../../test/databases.ts';
import { addBot, addUser } from './helpers.ts';

const DOLLAR = 1_000_000;

for (const engine of testEngines()) {
  describe(`orphan live-risk reservations (${engine})`, () => {
    let t: TestDatabase;
    const clock = new ManualClock(Date.UTC(2026, 5, 10, 12));
    beforeAll(async () => {
      t = await createTestDatabase(engine);
    });
    afterAll(async () => {
      await t.dispose();
    });

    test('released once older than 5 minutes when no order was committed under them; one with an order is left alone', async () => {
      const userId = await addUser(t.handle.db);
      const botId = await addBot(t.handle.db, clock, userId, 'live');
      const risk = createLiveRisk({ ledger: createRiskLedgerStore(t.handle.db), clock, rolloutStartedAt: null });
      const buy = (dollars: number) => ({ botId, userId, side: 'BUY' as const, tradeSizeMicros: dollars * DOLLAR, dailyLossLimitMicros: 12 * DOLLAR, observedLossMicros: 0 });
      // A reservation whose order was committed (its outcome settles it, not this sweep), and one whose process died.
      const committed = (await risk.admit(buy(2))) as Extract<AdmissionResult, { ok: true }>;
      expect(committed.ok).toBe(true);
      const orphan = (await risk.admit(buy(10))) as Extract<AdmissionResult, { ok: true }>;
      expect(orphan.ok).toBe(true);
      // The dead process's claim holds the headroom: with $12 in flight at the $12 limit, no buy is admitted.
      expect(await risk.admit(buy(1))).toMatchObject({ ok: false });
      await t.handle.db.insert(schema.liveOrders).values({
        id: committed.reservationId, userId, botId, tickKey: 't', conditionId: `0x${'c4'.repeat(32)}`, tokenId: '1', outcome: 'Yes', side: 'buy', orderType: 'FOK', walletType: 0, makerAddress: '0x0', signerAddress: '0x0', exchange: 'ctf_v2', salt: '1', orderHash: '0x1', signedOrder: {}, makerAmountMicros: 1, takerAmountMicros: 1, limitPriceMicros: 1, predictedSharesMicros: 1, predictedNotionalMicros: 1, predictedPriceMicros: 1, predictedFeeMicros: 0, predictedSlippageBps: 0, bestPriceMicros: 1, status: 'submitting', createdAt: clock.now(), updatedAt: clock.now(),
      } as never);

      expect(await risk.releaseOrphans()).toBe(0); // young: its process may still be signing
      clock.advance(ORPHAN_RESERVATION_AFTER_MS + 1);
      expect(await risk.releaseOrphans()).toBe(1);
      const open = await t.handle.db.select().from(schema.liveRiskReservations).where(eq(schema.liveRiskReservations.botId, botId));
      expect(Object.fromEntries(open.map((r) => [r.id, r.settledAt !== null]))).toEqual({ [orphan.reservationId]: true, [committed.reservationId]: false });
      expect(await risk.releaseOrphans()).toBe(0);
      // The headroom is back.
      expect(await risk.admit(buy(1))).toMatchObject({ ok: true });
    });
  });
}
