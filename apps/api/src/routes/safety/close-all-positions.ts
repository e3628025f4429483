/**
 * "Close all positions" (issue 20, Emergency): the owner (fresh session) or an operator (fresh
 * session, reason required, audited) emergency-stops a bot and sells every holding at market; the
 * owner reads the runs back. Liquidation P&L is reported apart from trading P&L.
 */
import type { LiquidationReport } from '@polymancer/safety';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import { auditMeta } from '../../auth/request-meta.ts';
import type { ApiDeps } from '../../deps.ts';
import { idParams, reasonBody, safetyDetail } from './schemas.ts';

type Deps = Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'safety'>;

const micros = (description: string) => t.Integer({ description });

const holdingSchema = t.Object({
  conditionId: t.String(),
  tokenId: t.String(),
  outcome: t.String(),
  status: t.Union([t.Literal('sold'), t.Literal('partially_sold'), t.Literal('not_sold')], { description: '`partially_sold`: the book took less than the holding; `not_sold`: nothing traded (see `code`).' }),
  heldSharesMicros: micros('Shares held before the sale.'),
  soldSharesMicros: micros('Shares sold.'),
  remainingSharesMicros: micros('Shares still held (a thin book, or dust under 0.01 share).'),
  proceedsMicros: micros('pUSD received: notional − fee.'),
  feeMicros: micros('Fee paid.'),
  averagePriceMicros: t.Union([t.Integer(), t.Null()]),
  pnlMicros: micros('Realized by this sale against the cost basis, fees included.'),
  code: t.Union([t.String(), t.Null()], { description: 'Why not all of it sold: `book_too_thin`, `empty_book`, `below_min_order_size`, `market_closed`, `market_resolved`, an exchange refusal code, …', examples: ['book_too_thin'] }),
  reason: t.Union([t.String(), t.Null()]),
  tradeId: t.Union([t.String(), t.Null()], { description: 'The trade-log row (kind `liquidation`).' }),
  orderId: t.Union([t.String(), t.Null()], { description: 'The live order (live bots).' }),
});

export const liquidationSchema = t.Object({
  id: t.String({ examples: ['liq_0123456789abcdefghjk'] }),
  botId: t.String(),
  type: t.Union([t.Literal('paper'), t.Literal('live')]),
  requestedBy: t.Union([t.Literal('user'), t.Literal('operator')], { description: 'Who asked: the owner or an operator.' }),
  reason: t.String(),
  status: t.Union([t.Literal('running'), t.Literal('completed'), t.Literal('partial'), t.Literal('interrupted')], { description: '`completed`: every holding sold; `partial`: something is still held (see each holding); `interrupted`: the server running it ended midway — what it sold is reported, the rest is still held; `running`: in progress.' }),
  proceedsMicros: micros('Σ pUSD received.'),
  feesMicros: micros('Σ fees paid.'),
  liquidationPnlMicros: micros('Σ realized P&L of the sales: reported apart from the bot\'s trading P&L.'),
  startedAt: t.String(),
  finishedAt: t.Union([t.String(), t.Null()]),
  holdings: t.Array(holdingSchema),
});

export function liquidationView(r: LiquidationReport) {
  return {
    id: r.id,
    botId: r.botId,
    type: r.type,
    requestedBy: r.requestedByType,
    reason: r.reason,
    status: r.status,
    proceedsMicros: r.proceedsMicros,
    feesMicros: r.feesMicros,
    liquidationPnlMicros: r.liquidationPnlMicros,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    holdings: r.results.map((h) => ({ ...h })),
  };
}

const closeBody = t.Object({ reason: t.String({ minLength: 1, maxLength: 500, description: 'Why: kept on the record and shown to the owner.', examples: ['the market is about to be disputed'] }) }, { additionalProperties: false });

export function postCloseAllPositions(deps: Deps) {
  return new Elysia({ name: 'routes.safety.close-all-positions', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/bots/:id/close-all-positions',
    async ({ session, params, body, request }) => liquidationView(await deps.safety.emergency.closeAllPositions({ kind: 'user', userId: session.user.id, ...auditMeta(request) }, params.id, body.reason)),
    {
      signedIn: true,
      freshAuth: true,
      params: idParams,
      body: closeBody,
      detail: safetyDetail(
        'Close all of your bot\'s positions at market (fresh session)',
        ['bots'],
        'Emergency-stops the bot, then sells every holding into the book (fill-or-kill when the bids cover it; otherwise what the bids take, the rest reported as still held). Answers the run with each holding\'s result; its P&L is reported apart from trading P&L (`liquidationPnlMicros` on GET /api/v1/bots/:id/pnl). Audited `bot.liquidation.requested` and `bot.liquidated`; you are notified with the results. Example body: `{ "reason": "the market is about to be disputed" }`.',
      ),
      response: { 200: liquidationSchema },
    },
  );
}

export function postOperatorCloseAllPositions(deps: Deps) {
  return new Elysia({ name: 'routes.safety.operator-close-all-positions', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/operator/bots/:id/close-all-positions',
    async ({ session, params, body, request }) => liquidationView(await deps.safety.emergency.closeAllPositions({ kind: 'operator', operatorId: session.user.id, via: 'api', ...auditMeta(request) }, params.id, body.reason)),
    {
      operator: true,
      freshAuth: true,
      params: idParams,
      body: reasonBody,
      detail: safetyDetail(
        "Close all of any user's bot's positions at market (operators only, fresh session)",
        ['operator'],
        'Emergency-stops the bot and sells every holding at market, as the owner\'s route does. The reason is required, audited (`bot.liquidation.requested`, `bot.liquidated`) with the operator, and sent to the owner with the results. Example body: `{ "reason": "fraud review" }`.',
      ),
      response: { 200: liquidationSchema },
    },
  );
}

export function getBotLiquidations(deps: Deps) {
  return new Elysia({ name: 'routes.safety.liquidations', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/liquidations',
    async ({ session, params }) => ({ items: (await deps.safety.emergency.liquidations({ kind: 'user', userId: session.user.id }, params.id)).map(liquidationView) }),
    {
      signedIn: true,
      params: idParams,
      detail: safetyDetail('Your bot\'s "close all positions" runs, newest first', ['bots'], 'Each run with who asked (you or an operator), why, its status, proceeds, liquidation P&L and every holding\'s result. Another user\'s bot answers 404.'),
      response: { 200: t.Object({ items: t.Array(liquidationSchema) }) },
    },
  );
}
