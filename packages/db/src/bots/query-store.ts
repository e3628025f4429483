import type { BotQueryStore, PageAfter, ShadowPairView, ShadowWindow } from '@polymancer/bots';
import { and, asc, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { positionFromRow } from './bot-rows.ts';
import { botDecisions, botPnlSnapshots, botPositions, bots, liveOrders, settlementTransactions, shadowPairs, tradeLogs } from '../schema/index.ts';

// Shadow trading's report (see @polymancer/bots `queries/shadow-report.ts` for the conventions).
const sp = shadowPairs;
const lo = liveOrders;
const liveFilled = sql`(${lo.status} = 'matched')`;
const liveAnswered = sql`(${lo.status} in ('matched', 'rejected', 'not_found'))`;
const bothFilled = sql`(${liveFilled} and ${sp.paperFilled})`;
/** Positive = live did worse: BUY paid more, SELL received less. */
const priceDiff = sql`(case when ${bothFilled} then (case when ${sp.side} = 'buy' then ${lo.fillPriceMicros} - ${sp.paperPriceMicros} else ${sp.paperPriceMicros} - ${lo.fillPriceMicros} end) end)`;
const slippageDiff = sql`(case when ${bothFilled} then ${lo.actualSlippageBps} - ${sp.paperSlippageBps} end)`;
const signedMs = sql`(round(extract(epoch from (${sp.signedAt} - ${sp.decidedAt})) * 1000))::bigint`;
const answerMs = sql`(round(extract(epoch from (${sp.answeredAt} - ${sp.signedAt})) * 1000))::bigint`;
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function shadowWhere(botId: string, w: ShadowWindow): SQL | undefined {
  return and(eq(sp.botId, botId), w.from === undefined ? undefined : gte(sp.decidedAt, w.from), w.to === undefined ? undefined : lt(sp.decidedAt, w.to));
}

function olderThan(createdAt: typeof tradeLogs.createdAt | typeof botDecisions.createdAt, id: typeof tradeLogs.id | typeof botDecisions.id, after: PageAfter | undefined): SQL | undefined {
  if (after === undefined) return undefined;
  return or(lt(createdAt, after.createdAt), and(eq(createdAt, after.createdAt), lt(id, after.id)));
}

/** `@polymancer/bots`' read port. Ownership is checked by the service; trades are also filtered by user. */
export function createBotQueryStore(db: Database): BotQueryStore {
  return {
    async listTrades(userId, f, after, limit) {
      const rows = await db
        .select({ t: tradeLogs, settlementStatus: settlementTransactions.status, settlementConfirmations: settlementTransactions.confirmations })
        .from(tradeLogs)
        .innerJoin(bots, eq(bots.id, tradeLogs.botId))
        .leftJoin(settlementTransactions, eq(settlementTransactions.txHash, tradeLogs.transactionHash))
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
      return rows.map(({ t, settlementStatus, settlementConfirmations }) => ({
        ...t,
        settlementStatus,
        settlementConfirmations,
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
      // A live bot's own trades are live: its paper rows are shadow trading's paper legs, not its trades.
      const own = sql`${tradeLogs.type} = (select b.type from bots b where b.id = ${botId})`;
      const [row] = await db
        .select({
          executedPaperTrades: sql<number>`count(*) filter (where ${tradeLogs.status} = 'executed' and ${tradeLogs.type} = 'paper' and ${tradeLogs.kind} = 'trade')`.mapWith(Number),
          executed: sql<number>`count(*) filter (where ${tradeLogs.status} = 'executed' and ${tradeLogs.kind} = 'trade' and ${own})`.mapWith(Number),
          rejected: sql<number>`count(*) filter (where ${tradeLogs.status} = 'rejected' and ${own})`.mapWith(Number),
          liquidationSales: sql<number>`count(*) filter (where ${tradeLogs.status} = 'executed' and ${tradeLogs.kind} = 'liquidation')`.mapWith(Number),
          liquidationPnlMicros: sql<number>`coalesce(sum(${tradeLogs.realizedPnlMicros}) filter (where ${tradeLogs.status} = 'executed' and ${tradeLogs.kind} = 'liquidation'), 0)`.mapWith(Number),
        })
        .from(tradeLogs)
        .where(eq(tradeLogs.botId, botId));
      return row ?? { executedPaperTrades: 0, executed: 0, rejected: 0, liquidationSales: 0, liquidationPnlMicros: 0 };
    },

    async shadowAggregates(botId, window) {
      const count = (cond: SQL) => sql<number>`count(*) filter (where ${cond})`.mapWith(Number);
      const [row] = await db
        .select({
          decisions: sql<number>`count(*)`.mapWith(Number),
          liveAnswered: count(liveAnswered),
          liveFilled: count(liveFilled),
          paperFilled: count(sql`${sp.paperFilled}`),
          paperOnly: count(sql`${sp.paperFilled} and ${lo.status} in ('rejected', 'not_found')`),
          liveOnly: count(sql`${liveFilled} and not ${sp.paperFilled}`),
          bothFilled: count(bothFilled),
          priceDiffSumMicros: sql`sum(${priceDiff})`.mapWith(numOrNull),
          priceDiffP50Micros: sql`percentile_disc(0.5) within group (order by ${priceDiff})`.mapWith(numOrNull),
          slippageDiffSumBps: sql`sum(${slippageDiff})`.mapWith(numOrNull),
          slippageDiffP50Bps: sql`percentile_disc(0.5) within group (order by ${slippageDiff})`.mapWith(numOrNull),
          signedLatencyP50Ms: sql`percentile_disc(0.5) within group (order by ${signedMs})`.mapWith(numOrNull),
          signedLatencyP99Ms: sql`percentile_disc(0.99) within group (order by ${signedMs})`.mapWith(numOrNull),
          answerLatencySamples: sql<number>`count(${sp.answeredAt})`.mapWith(Number),
          answerLatencyP50Ms: sql`percentile_disc(0.5) within group (order by ${answerMs})`.mapWith(numOrNull),
          answerLatencyP99Ms: sql`percentile_disc(0.99) within group (order by ${answerMs})`.mapWith(numOrNull),
        })
        .from(sp)
        .innerJoin(lo, eq(lo.id, sp.liveOrderId))
        .where(shadowWhere(botId, window));
      return {
        decisions: row?.decisions ?? 0,
        liveAnswered: row?.liveAnswered ?? 0,
        liveFilled: row?.liveFilled ?? 0,
        paperFilled: row?.paperFilled ?? 0,
        paperOnly: row?.paperOnly ?? 0,
        liveOnly: row?.liveOnly ?? 0,
        bothFilled: row?.bothFilled ?? 0,
        priceDiffSumMicros: row?.priceDiffSumMicros ?? null,
        priceDiffP50Micros: row?.priceDiffP50Micros ?? null,
        slippageDiffSumBps: row?.slippageDiffSumBps ?? null,
        slippageDiffP50Bps: row?.slippageDiffP50Bps ?? null,
        signedLatencyP50Ms: row?.signedLatencyP50Ms ?? null,
        signedLatencyP99Ms: row?.signedLatencyP99Ms ?? null,
        answerLatencySamples: row?.answerLatencySamples ?? 0,
        answerLatencyP50Ms: row?.answerLatencyP50Ms ?? null,
        answerLatencyP99Ms: row?.answerLatencyP99Ms ?? null,
      };
    },

    async shadowDivergentPairs(botId, window, offset, limit) {
      const mismatch = sql`(case when ${lo.status} in ('submitting', 'outcome_unknown') then 0 when ${liveFilled} <> ${sp.paperFilled} then 2 else 1 end)`;
      const rows = await db
        .select({
          sp,
          liveStatus: lo.status,
          liveRejectionCode: lo.rejectionCode,
          liveSharesMicros: lo.filledSharesMicros,
          livePriceMicros: lo.fillPriceMicros,
          liveSlippageBps: lo.actualSlippageBps,
          priceDiffMicros: sql`${priceDiff}`.mapWith(numOrNull),
          slippageDiffBps: sql`${slippageDiff}`.mapWith(numOrNull),
          decisionToSignedMs: sql`${signedMs}`.mapWith(Number),
          signedToAnswerMs: sql`${answerMs}`.mapWith(numOrNull),
        })
        .from(sp)
        .innerJoin(lo, eq(lo.id, sp.liveOrderId))
        .where(shadowWhere(botId, window))
        .orderBy(desc(mismatch), sql`abs(${priceDiff}) desc nulls last`, sql`abs(${slippageDiff}) desc nulls last`, desc(sp.decidedAt), asc(sp.liveOrderId))
        .offset(offset)
        .limit(limit);
      return rows.map(
        (r): ShadowPairView => ({
          liveOrderId: r.sp.liveOrderId,
          decisionId: r.sp.decisionId,
          paperTradeId: r.sp.paperTradeId,
          conditionId: r.sp.conditionId,
          tokenId: r.sp.tokenId,
          side: r.sp.side,
          decidedAt: r.sp.decidedAt,
          liveStatus: r.liveStatus,
          liveFilled: r.liveStatus === 'matched',
          liveRejectionCode: r.liveRejectionCode,
          paperFilled: r.sp.paperFilled,
          paperRejectionCode: r.sp.paperRejectionCode,
          liveSharesMicros: r.liveSharesMicros,
          paperSharesMicros: r.sp.paperSharesMicros,
          livePredictedPriceMicros: r.sp.livePredictedPriceMicros,
          livePriceMicros: r.livePriceMicros,
          paperPriceMicros: r.sp.paperPriceMicros,
          priceDiffMicros: r.priceDiffMicros,
          liveSlippageBps: r.liveSlippageBps,
          paperSlippageBps: r.sp.paperSlippageBps,
          slippageDiffBps: r.slippageDiffBps,
          decisionToSignedMs: r.decisionToSignedMs,
          signedToAnswerMs: r.signedToAnswerMs,
        }),
      );
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
