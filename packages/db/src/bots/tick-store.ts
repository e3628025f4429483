/**
 * `@polymancer/bots`' `TickStore` on Postgres/PGlite. The transaction claims the (bot, tick key)
 * row first — `insert … on conflict do nothing` — so a second run of the same tick finds the key
 * taken (or waits for the first to commit, then finds it) and does nothing; then it locks the bot
 * row (`select … for update`) so two ticks of one bot never interleave.
 */
import { createAuditLog } from '@polymancer/audit';
import type { MidpointHistory, StoredPosition, TickBotState, TickStore, TickTransaction } from '@polymancer/bots';
import type { Clock } from '@polymancer/core';
import { and, eq, sql } from 'drizzle-orm';
import { createAuditStore } from '../audit-store.ts';
import type { Database } from '../database.ts';
import { botDecisions, botPnlSnapshots, botPositions, bots, botTickRuns, tradeLogs, users } from '../schema/index.ts';
import { botFromRow, type BotRow } from './bot-rows.ts';

type PositionRow = typeof botPositions.$inferSelect;

function positionFromRow(r: PositionRow): StoredPosition {
  return {
    tokenId: r.tokenId,
    conditionId: r.conditionId,
    outcome: r.outcome,
    sharesMicros: r.sharesMicros,
    costBasisMicros: r.costBasisMicros,
    realizedPnlMicros: r.realizedPnlMicros,
    feesPaidMicros: r.feesPaidMicros,
    markPriceMicros: r.markPriceMicros,
    settledAt: r.settledAt,
    settlementPriceMicros: r.settlementPriceMicros,
  };
}

function stateFrom(row: BotRow, userFrozen: boolean, positions: PositionRow[]): TickBotState {
  return {
    bot: botFromRow(row),
    userFrozen,
    deleted: row.deletedAt !== null,
    positions: positions.map(positionFromRow),
    midpointHistory: row.midpointHistory as MidpointHistory,
    daily:
      row.pnlDay === null || row.dayStartEquityMicros === null
        ? undefined
        : { utcDay: row.pnlDay, openingEquityMicros: row.dayStartEquityMicros, realizedMicros: row.dayRealizedPnlMicros },
  };
}

async function userFrozen(db: Database, userId: string): Promise<boolean> {
  const [u] = await db.select({ frozen: users.tradingFrozen }).from(users).where(eq(users.id, userId));
  return u?.frozen ?? true;
}

export function createTickStore(db: Database, clock: Clock): TickStore {
  return {
    async load(botId) {
      const [row] = await db.select().from(bots).where(eq(bots.id, botId));
      if (row === undefined) return undefined;
      const positions = await db.select().from(botPositions).where(eq(botPositions.botId, botId));
      return stateFrom(row, await userFrozen(db, row.userId), positions);
    },

    async hasRun(botId, tickKey) {
      const rows = await db.select({ k: botTickRuns.tickKey }).from(botTickRuns).where(and(eq(botTickRuns.botId, botId), eq(botTickRuns.tickKey, tickKey)));
      return rows.length > 0;
    },

    transact: (botId, tickKey, startedAt, work) =>
      db.transaction(async (txDb) => {
        const tdb = txDb as unknown as Database;
        const claimed = await tdb
          .insert(botTickRuns)
          .values({ botId, tickKey, outcome: 'running', startedAt, finishedAt: startedAt })
          .onConflictDoNothing()
          .returning({ k: botTickRuns.tickKey });
        if (claimed.length === 0) return { applied: false as const };
        const [row] = await tdb.select().from(bots).where(eq(bots.id, botId)).for('update');
        if (row === undefined) throw new Error(`bot ${botId} vanished during its tick`);
        const positions = await tdb.select().from(botPositions).where(eq(botPositions.botId, botId));
        const state = stateFrom(row, await userFrozen(tdb, row.userId), positions);
        const audit = createAuditLog({ store: createAuditStore(tdb), clock });
        const tx: TickTransaction = {
          state,
          async insertTrade(r) {
            await tdb.insert(tradeLogs).values(r);
          },
          async insertDecision(r) {
            await tdb.insert(botDecisions).values(r);
          },
          async savePositions(list, at) {
            if (list.length === 0) return;
            await tdb
              .insert(botPositions)
              .values(
                list.map((p) => ({
                  botId,
                  tokenId: p.tokenId,
                  conditionId: p.conditionId,
                  outcome: p.outcome,
                  sharesMicros: p.sharesMicros,
                  costBasisMicros: p.costBasisMicros,
                  realizedPnlMicros: p.realizedPnlMicros,
                  feesPaidMicros: p.feesPaidMicros,
                  markPriceMicros: p.markPriceMicros,
                  settledAt: p.settledAt,
                  settlementPriceMicros: p.settlementPriceMicros,
                  updatedAt: at,
                })),
              )
              .onConflictDoUpdate({
                target: [botPositions.botId, botPositions.tokenId],
                set: {
                  sharesMicros: sql`excluded.shares_micros`,
                  costBasisMicros: sql`excluded.cost_basis_micros`,
                  realizedPnlMicros: sql`excluded.realized_pnl_micros`,
                  feesPaidMicros: sql`excluded.fees_paid_micros`,
                  markPriceMicros: sql`excluded.mark_price_micros`,
                  settledAt: sql`excluded.settled_at`,
                  settlementPriceMicros: sql`excluded.settlement_price_micros`,
                  updatedAt: sql`excluded.updated_at`,
                },
              });
          },
          async updateBot(p) {
            await tdb
              .update(bots)
              .set({
                paperBalanceMicros: p.paperBalanceMicros,
                midpointHistory: p.midpointHistory as Record<string, Array<[number, number]>>,
                pnlDay: p.daily.utcDay,
                dayStartEquityMicros: p.daily.openingEquityMicros,
                dayRealizedPnlMicros: p.daily.realizedMicros,
                firstPaperTradeAt: p.firstPaperTradeAt,
                lastTickAt: p.lastTickAt,
              })
              .where(eq(bots.id, botId));
          },
          async insertSnapshot(s) {
            await tdb.insert(botPnlSnapshots).values(s);
          },
          async audit(event) {
            await audit.record(event);
          },
          async finish(summary) {
            await tdb
              .update(botTickRuns)
              .set(summary)
              .where(and(eq(botTickRuns.botId, botId), eq(botTickRuns.tickKey, tickKey)));
          },
        };
        return { applied: true as const, value: await work(tx) };
      }),
  };
}
