import type { DecisionRecord, Page } from '@polymancer/bots';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';
import { pageQueryFields } from './query-params.ts';

const nullableInt = (description?: string) => t.Union([t.Integer(description === undefined ? {} : { description }), t.Null()]);
const nullableStr = () => t.Union([t.String(), t.Null()]);

const decisionSchema = t.Object({
  id: t.String(),
  botId: t.String(),
  conditionId: t.String(),
  strategyKind: t.String(),
  kind: t.Union([t.Literal('hold'), t.Literal('trade')]),
  holdCode: nullableStr(),
  side: t.Union([t.Literal('buy'), t.Literal('sell'), t.Null()]),
  tokenId: nullableStr(),
  amountMicros: nullableInt('Collateral of a buy.'),
  sharesMicros: nullableInt('Shares of a sell.'),
  limitPriceMicros: nullableInt('Micro-dollars per share.'),
  reasoning: t.String({ description: "The strategy's (or the model's) reasoning; for a hold, why." }),
  confidencePerMille: nullableInt('0–1000.'),
  inputTokens: nullableInt('LLM strategies: prompt tokens.'),
  outputTokens: nullableInt('LLM strategies: answer tokens.'),
  costMicros: nullableInt('LLM strategies: what the call cost.'),
  tradeLogId: nullableStr(),
  createdAt: t.String({ format: 'date-time' }),
});

function pageView(page: Page<DecisionRecord>) {
  return {
    items: page.items.map(({ userId: _owner, tickKey: _tick, createdAt, ...rest }) => ({ ...rest, createdAt: createdAt.toISOString() })),
    nextCursor: page.nextCursor,
  };
}

/** Every decision a bot's strategy made — trades and holds — with its reasoning, newest first. */
export function listBotDecisions(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.bots.decisions', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/decisions',
    async ({ session, params, query }) => {
      const request = { ...(query.limit === undefined ? {} : { limit: query.limit }), ...(query.cursor === undefined ? {} : { cursor: query.cursor }) };
      return pageView(await deps.bots.queries.decisions(session.user.id, params.id, request));
    },
    {
      signedIn: true,
      params: botIdParamsSchema,
      query: t.Object(pageQueryFields),
      detail: botDetail("A bot's decisions with reasoning", '422 `validation_failed` for a bad limit or cursor.'),
      response: {
        200: t.Object({
          items: t.Array(decisionSchema, { description: 'Newest first.' }),
          nextCursor: t.Union([t.String(), t.Null()], { description: 'Pass as `cursor` for the next (older) page; null on the last page.' }),
        }),
      },
    },
  );
}
