import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import { auditMeta } from '../../auth/request-meta.ts';
import type { ApiDeps } from '../../deps.ts';
import { idParams, safetyDetail } from './schemas.ts';

const nullableInt = t.Union([t.Number({ multipleOf: 1 }), t.Null()]);

const reportSchema = t.Object({
  samples: t.Number({ multipleOf: 1 }),
  windowOrders: t.Number({ multipleOf: 1 }),
  meanExcessBps: nullableInt,
  alert: t.Boolean(),
  currentMaxSlippageBps: nullableInt,
  suggestedMaxSlippageBps: nullableInt,
  autoTighten: t.Boolean({ description: 'You opted in to having the suggestion applied to the bot’s limit automatically.' }),
});

/** The bot's slippage differential: live slippage paid vs predicted over its recent matched live orders. */
export function getSlippageDifferential(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'safety'>) {
  return new Elysia({ name: 'routes.safety.slippage', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/slippage-differential',
    ({ session, params }) => deps.safety.slippage.report(session.user.id, params.id),
    {
      signedIn: true,
      params: idParams,
      detail: safetyDetail(
        "Your bot's slippage differential (live vs predicted)",
        ['bots'],
        "Over the bot's last `windowOrders` matched live orders (since its limit was last tightened automatically): the mean of actual − predicted slippage in bps (rounded against you). `alert` when it is over 100 bps (1 percentage point) with at least 5 orders, with `suggestedMaxSlippageBps`: the bot's limit judges predicted slippage, so tightening it by the excess keeps what is paid within what you meant to allow. Another user's bot answers 404.",
      ),
      response: { 200: reportSchema },
    },
  );
}

/** The owner opts in (or out) of having the suggested tighter limit applied automatically. */
export function putSlippageAutoTighten(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'safety'>) {
  return new Elysia({ name: 'routes.safety.slippage-auto-tighten', seed: deps.auth }).use(authGuard(deps)).put(
    '/api/v1/bots/:id/slippage-differential/auto-tighten',
    ({ session, params, body, request }) => deps.safety.slippage.setAutoTighten({ userId: session.user.id, ...auditMeta(request) }, params.id, body.enabled),
    {
      signedIn: true,
      params: idParams,
      body: t.Object({ enabled: t.Boolean({ description: 'true = apply suggestions to the bot’s `maxSlippageBps`; false = only show them.' }) }, { additionalProperties: false }),
      detail: safetyDetail(
        'Opt in to automatic slippage tightening for your bot',
        ['bots'],
        'Body `{ "enabled": true }`. While enabled, when the live bot\'s slippage differential alerts, its `maxSlippageBps` is set to the suggestion (only ever tighter); you are notified each time and it is audited `bot.slippage.tightened`. Answers the differential report. Audited `bot.slippage.auto_tighten_set`. Another user\'s bot answers 404.',
      ),
      response: { 200: reportSchema },
    },
  );
}
