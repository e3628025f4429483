/**
 * `@polymancer/safety`'s `RiskLedgerStore`: per-day rows that admit live orders one at a time.
 * Lock order is always the user's day row, then the bot's day row, so two admissions never deadlock.
 */
import type { RiskLedgerStore } from '@polymancer/safety';
import { and, asc, eq, isNull, lt, min, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { bots, liveActivations, liveOrders, liveRiskBotDays, liveRiskReservations, liveRiskUserDays } from '../schema/index.ts';

export function createRiskLedgerStore(db: Database): RiskLedgerStore {
  return {
    async orphanReservations(createdBefore, limit) {
      const rows = await db
        .select({ id: liveRiskReservations.id })
        .from(liveRiskReservations)
        .leftJoin(liveOrders, eq(liveOrders.id, liveRiskReservations.id))
        .where(and(isNull(liveRiskReservations.settledAt), lt(liveRiskReservations.createdAt, createdBefore), isNull(liveOrders.id)))
        .orderBy(asc(liveRiskReservations.createdAt))
        .limit(limit);
      return rows.map((r) => r.id);
    },
    async admit(r, at, decide) {
      return db.transaction(async (tx) => {
        await tx.insert(liveRiskUserDays).values({ userId: r.userId, utcDay: r.utcDay }).onConflictDoNothing();
        await tx.insert(liveRiskBotDays).values({ botId: r.botId, utcDay: r.utcDay }).onConflictDoNothing();
        const [user] = await tx.select().from(liveRiskUserDays).where(and(eq(liveRiskUserDays.userId, r.userId), eq(liveRiskUserDays.utcDay, r.utcDay))).for('update');
        const [bot] = await tx.select().from(liveRiskBotDays).where(and(eq(liveRiskBotDays.botId, r.botId), eq(liveRiskBotDays.utcDay, r.utcDay))).for('update');
        if (user === undefined || bot === undefined) throw new Error('risk ledger day rows missing after insert');
        const verdict = decide({ lossMicros: bot.lossMicros, inFlightWorstMicros: bot.inFlightWorstMicros, botVolumeMicros: bot.volumeMicros, userVolumeMicros: user.volumeMicros });
        if (!verdict.ok) return verdict;
        await tx.insert(liveRiskReservations).values({ ...r, createdAt: at });
        await tx
          .update(liveRiskBotDays)
          .set({ inFlightWorstMicros: sql`${liveRiskBotDays.inFlightWorstMicros} + ${r.worstLossMicros}`, volumeMicros: sql`${liveRiskBotDays.volumeMicros} + ${r.volumeMicros}` })
          .where(and(eq(liveRiskBotDays.botId, r.botId), eq(liveRiskBotDays.utcDay, r.utcDay)));
        await tx
          .update(liveRiskUserDays)
          .set({ volumeMicros: sql`${liveRiskUserDays.volumeMicros} + ${r.volumeMicros}` })
          .where(and(eq(liveRiskUserDays.userId, r.userId), eq(liveRiskUserDays.utcDay, r.utcDay)));
        return verdict;
      });
    },

    async settle(reservationId, outcome, at) {
      return db.transaction(async (tx) => {
        const [r] = await tx.select().from(liveRiskReservations).where(and(eq(liveRiskReservations.id, reservationId), isNull(liveRiskReservations.settledAt)));
        if (r === undefined) return false;
        // Same lock order as admit: user day, then bot day, then the reservation (claimed once).
        await tx.select().from(liveRiskUserDays).where(and(eq(liveRiskUserDays.userId, r.userId), eq(liveRiskUserDays.utcDay, r.utcDay))).for('update');
        await tx.select().from(liveRiskBotDays).where(and(eq(liveRiskBotDays.botId, r.botId), eq(liveRiskBotDays.utcDay, r.utcDay))).for('update');
        const claimed = await tx
          .update(liveRiskReservations)
          .set({ settledAt: at })
          .where(and(eq(liveRiskReservations.id, reservationId), isNull(liveRiskReservations.settledAt)))
          .returning({ id: liveRiskReservations.id });
        if (claimed.length === 0) return false;
        // Volume given back: all of it when nothing filled; when a fill's actual size is known, the
        // difference from the reservation (negative when the fill was larger than reserved).
        const unfilledVolume = !outcome.filled ? r.volumeMicros : outcome.filledVolumeMicros === undefined ? 0 : r.volumeMicros - outcome.filledVolumeMicros;
        await tx
          .update(liveRiskBotDays)
          .set({
            inFlightWorstMicros: sql`${liveRiskBotDays.inFlightWorstMicros} - ${r.worstLossMicros}`,
            volumeMicros: sql`${liveRiskBotDays.volumeMicros} - ${unfilledVolume}`,
            // The day's loss only rises here: a hard stop once hit holds until the next UTC day.
            lossMicros: sql`greatest(${liveRiskBotDays.lossMicros}, ${Math.max(0, outcome.lossMicros)})`,
          })
          .where(and(eq(liveRiskBotDays.botId, r.botId), eq(liveRiskBotDays.utcDay, r.utcDay)));
        if (unfilledVolume !== 0) {
          await tx
            .update(liveRiskUserDays)
            .set({ volumeMicros: sql`${liveRiskUserDays.volumeMicros} - ${unfilledVolume}` })
            .where(and(eq(liveRiskUserDays.userId, r.userId), eq(liveRiskUserDays.utcDay, r.utcDay)));
        }
        return true;
      });
    },

    async firstLiveAt(userId) {
      const [row] = await db
        .select({ at: min(liveActivations.activatedAt) })
        .from(liveActivations)
        .innerJoin(bots, eq(bots.id, liveActivations.liveBotId))
        .where(eq(bots.userId, userId));
      return row?.at ?? null;
    },
  };
}
