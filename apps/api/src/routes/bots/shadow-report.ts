import type { ShadowPairView, ShadowReportRequest } from '@polymancer/bots';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';
import { timeBound } from './query-params.ts';

const querySchema = t.Object({
  from: t.Optional(timeBound('Only decisions at or after this time (ISO-8601).')),
  to: t.Optional(timeBound('Only decisions before this time (ISO-8601).')),
  // Ranges are checked by the service, which names the parameter.
  limit: t.Optional(t.Integer({ description: 'Divergent pairs per page, 1–100; default 20.' })),
  offset: t.Optional(t.Integer({ description: '`divergent.nextOffset` of the previous page; default 0.' })),
});

const intOrNull = t.Union([t.Integer(), t.Null()]);

const pairSchema = t.Object({
  liveOrderId: t.String(),
  decisionId: t.String(),
  paperTradeId: t.String(),
  conditionId: t.String(),
  tokenId: t.String(),
  side: t.Union([t.Literal('buy'), t.Literal('sell')]),
  decidedAt: t.String({ format: 'date-time' }),
  liveStatus: t.String({ description: 'matched, rejected, not_found, or submitting / outcome_unknown while the exchange is still being asked.' }),
  liveFilled: t.Boolean(),
  liveRejectionCode: t.Union([t.String(), t.Null()]),
  paperFilled: t.Boolean(),
  paperRejectionCode: t.Union([t.String(), t.Null()]),
  liveSharesMicros: intOrNull,
  paperSharesMicros: intOrNull,
  livePredictedPriceMicros: t.Integer(),
  livePriceMicros: intOrNull,
  paperPriceMicros: intOrNull,
  priceDiffMicros: t.Union([t.Integer(), t.Null()], { description: 'Positive = live did worse (BUY paid more, SELL received less); null unless both legs filled.' }),
  liveSlippageBps: intOrNull,
  paperSlippageBps: intOrNull,
  slippageDiffBps: t.Union([t.Integer(), t.Null()], { description: 'Live − paper slippage; null unless both legs filled.' }),
  decisionToSignedMs: t.Integer(),
  signedToAnswerMs: intOrNull,
});

const reportSchema = t.Object({
  botId: t.String(),
  from: t.Union([t.String({ format: 'date-time' }), t.Null()]),
  to: t.Union([t.String({ format: 'date-time' }), t.Null()]),
  shadowMode: t.Boolean(),
  decisions: t.Integer({ description: 'Decisions traded both ways in the window.' }),
  livePending: t.Integer({ description: 'Live legs whose outcome the exchange has not confirmed yet.' }),
  liveFilled: t.Integer(),
  paperFilled: t.Integer(),
  liveFillRateBps: intOrNull,
  paperFillRateBps: intOrNull,
  fillRateDiffBps: t.Union([t.Integer(), t.Null()], { description: 'Live − paper fill rate.' }),
  fillMismatches: t.Object({ paperFilledLiveNot: t.Integer(), liveFilledPaperNot: t.Integer() }),
  price: t.Object({ pairs: t.Integer(), meanDiffMicros: intOrNull, p50DiffMicros: intOrNull }),
  slippage: t.Object({ pairs: t.Integer(), meanDiffBps: intOrNull, p50DiffBps: intOrNull }),
  latency: t.Object({ decisionToSignedP50Ms: intOrNull, decisionToSignedP99Ms: intOrNull, answered: t.Integer(), signedToAnswerP50Ms: intOrNull, signedToAnswerP99Ms: intOrNull }),
  divergent: t.Object({ items: t.Array(pairSchema, { description: 'Fill mismatches first, then the largest price difference.' }), nextOffset: intOrNull }),
});

function reportRequest(q: typeof querySchema.static): ShadowReportRequest {
  return {
    ...(q.from === undefined ? {} : { from: new Date(q.from) }),
    ...(q.to === undefined ? {} : { to: new Date(q.to) }),
    ...(q.limit === undefined ? {} : { limit: q.limit }),
    ...(q.offset === undefined ? {} : { offset: q.offset }),
  };
}

const pairView = (p: ShadowPairView) => ({ ...p, decidedAt: p.decidedAt.toISOString() });

/** Shadow trading's divergence report of one of the caller's bots (issue 20). */
export function getBotShadowReport(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.shadow-report', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/shadow-report',
    async ({ session, params, query }) => {
      const r = await deps.bots.queries.shadowReport(session.user.id, params.id, reportRequest(query));
      return { ...r, from: r.from?.toISOString() ?? null, to: r.to?.toISOString() ?? null, divergent: { items: r.divergent.items.map(pairView), nextOffset: r.divergent.nextOffset } };
    },
    {
      signedIn: true,
      params: botIdParamsSchema,
      query: querySchema,
      detail: botDetail(
        "Shadow trading: how a bot's minimum-size live orders diverge from the full-size paper fills of the same decisions",
        'Example: `GET /api/v1/bots/bot_123/shadow-report?from=2026-06-01T00:00:00Z&limit=20` → `{"decisions":4,"liveFillRateBps":7500,"paperFillRateBps":7500,"price":{"pairs":2,"meanDiffMicros":25000,"p50DiffMicros":0},"latency":{"decisionToSignedP50Ms":7,…},"divergent":{"items":[…],"nextOffset":20},…}`. Over the decisions in [from, to): fill rates (bps of the decisions), the price difference (micros per share) and slippage difference (bps) where both legs filled — positive means live did worse; means half-even, p50/p99 nearest-rank — and the latency from decision to signed order and from signed order to the exchange’s answer. 422 `validation_failed` for a bad range, limit or offset.',
      ),
      response: { 200: reportSchema },
    },
  );
}
