import type { BotQueryStore, PageAfter } from '@polymancer/bots';
import { and, asc, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { positionFromRow } from './bot-rows.ts';
import { botDecisions, botPnlSnapshots, botPositions, bots, tradeLogs } from '../schema/index.ts';

function olderThan(createdAt: typeof tradeLogs.createdAt | typeof botDecisions.createdAt, id: typeof tradeLogs.id | typeof botDecisions.id, after: PageAfter | undefined): SQL | undefined {
  if (after === undefined) return undefined;
  return or(lt(createdAt, after.createdAt), and(eq(createdAt, after.createdAt), lt(id, after.id)));
}

/** `@polymancer/bots`' read port. Ownership is checked by the service; trades are also filtered by user. */
export function createBotQueryStore(db: Database): BotQueryStore {
  return {
    async listTrades(userId, f, after, limit) {
      const rows = await db
        .select({ t: tradeLogs })
        .from(tradeLogs)
        .innerJoin(bots, eq(bots.id, tradeLogs.botId))
        .where(
          and(
            eq(tradeLogs.userId, userId),
            sql`${bots.deletedAt} is null`,
            f.botId === undefined ? undefined : eq(tradeLogs.botId, f.botId),
            f.type === undefined ? undefined : eq(tradeLogs.type, f.type),
            f.status === undefined ? undefined : eq(tradeLogs.status, f.status),
            f.kind === undefined ? undefined : eq(tradeLogs.kind, f.kind),
            f.from === undefined ? undefined : gte(tradeLogs.createdAt, f.from),
            f.to === undefined ? undefined : lt(tradeLogs.createdAt, f.to),
            olderThan(tradeLogs.createdAt, tradeLogs.id, after),
          ),
        )
        .orderBy(desc(tradeLogs.createdAt), desc(tradeLogs.id))
        .limit(limit);
      return rows.map(({ t }) => ({
        ...t,
        kind: t.kind === 'settlement' ? ('settlement' as const) : t.kind === 'liquidation' ? ('liquidation' as const) : ('trade' as const),
        status: t.status === 'executed' ? ('executed' as const) : ('rejected' as const),
        marketId: t.marketId ?? '',
      }));
    },

    async listPositions(botId) {
      const rows = await db.select().from(botPositions).where(eq(botPositions.botId, botId)).orderBy(asc(botPositions.conditionId), asc(botPositions.tokenId));
      return rows.map(positionFromRow);
    },

    async listPnlSnapshots(botId, from, to, limit) {
      const rows = await db
        .select({
          at: botPnlSnapshots.at,
          balanceMicros: botPnlSnapshots.balanceMicros,
          positionsValueMicros: botPnlSnapshots.positionsValueMicros,
          equityMicros: botPnlSnapshots.equityMicros,
          realizedPnlMicros: botPnlSnapshots.realizedPnlMicros,
          unrealizedPnlMicros: botPnlSnapshots.unrealizedPnlMicros,
        })
        .from(botPnlSnapshots)
        .where(
          and(
            eq(botPnlSnapshots.botId, botId),
            from === undefined ? undefined : gte(botPnlSnapshots.at, from),
            to === undefined ? undefined : lt(botPnlSnapshots.at, to),
          ),
        )
        .orderBy(desc(botPnlSnapshots.at))
        .limit(limit);
      return rows.reverse();
    },

    async listDecisions(botId, after, limit) {
      const rows = await db
        .select()
        .from(botDecisions)
        .where(and(eq(botDecisions.botId, botId), olderThan(botDecisions.createdAt, botDecisions.id, after)))
        .orderBy(desc(botDecisions.createdAt), desc(botDecisions.id))
        .limit(limit);
      return rows.map((r) => ({
        ...r,
        kind: r.kind === 'trade' ? ('trade' as const) : ('hold' as const),
        side: r.side === 'buy' ? ('buy' as const) : r.side === 'sell' ? ('sell' as const) : null,
      }));
    },

    async countTrades(botId) {
      const [row] = await db
        .select({
          executedPaperTrades: sql<number>`count(*) filter (where ${tradeLogs.status} = 'executed' and ${tradeLogs.type} = 'paper' and ${tradeLogs.kind} = 'trade')`.mapWith(Number),
          executed: sql<number>`count(*) filter (where ${tradeLogs.status} = 'executed' and ${tradeLogs.kind} = 'trade')`.mapWith(Number),
          rejected: sql<number>`count(*) filter (where ${tradeLogs.status} = 'rejected')`.mapWith(Number),
          liquidationSales: sql<number>`count(*) filter (where ${tradeLogs.status} = 'executed' and ${tradeLogs.kind} = 'liquidation')`.mapWith(Number),
          liquidationPnlMicros: sql<number>`coalesce(sum(${tradeLogs.realizedPnlMicros}) filter (where ${tradeLogs.status} = 'executed' and ${tradeLogs.kind} = 'liquidation'), 0)`.mapWith(Number),
        })
        .from(tradeLogs)
        .where(eq(tradeLogs.botId, botId));
      return row ?? { executedPaperTrades: 0, executed: 0, rejected: 0, liquidationSales: 0, liquidationPnlMicros: 0 };
    },

    async paperRecordFacts(botId) {
      const counted = sql`${tradeLogs.countsForUnlock}`;
      const [row] = await db
        .select({
          firstQualifyingTradeAt: sql<Date | null>`min(${tradeLogs.createdAt}) filter (where ${counted})`.mapWith((v: string | Date | null) => (v === null ? null : new Date(v))),
          qualifyingTrades: sql<number>`count(*) filter (where ${counted})`.mapWith(Number),
          nonQualifyingTrades: sql<number>`count(*) filter (where not ${counted})`.mapWith(Number),
        })
        .from(tradeLogs)
        .where(and(eq(tradeLogs.botId, botId), eq(tradeLogs.status, 'executed'), eq(tradeLogs.type, 'paper'), eq(tradeLogs.kind, 'trade')));
      return row ?? { firstQualifyingTradeAt: null, qualifyingTrades: 0, nonQualifyingTrades: 0 };
    },
  };
}
