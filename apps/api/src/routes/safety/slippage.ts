import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { idParams, safetyDetail } from './schemas.ts';

const nullableInt = t.Union([t.Number({ multipleOf: 1 }), t.Null()]);

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
        "Over the bot's last `windowOrders` matched live orders: the mean of actual − predicted slippage in bps (rounded against you). `alert` when it is over 100 bps (1 percentage point) with at least 5 orders, with `suggestedMaxSlippageBps`: the bot's limit judges predicted slippage, so tightening it by the excess keeps what is paid within what you meant to allow. Another user's bot answers 404.",
      ),
      response: {
        200: t.Object({
          samples: t.Number({ multipleOf: 1 }),
          windowOrders: t.Number({ multipleOf: 1 }),
          meanExcessBps: nullableInt,
          alert: t.Boolean(),
          currentMaxSlippageBps: nullableInt,
          suggestedMaxSlippageBps: nullableInt,
        }),
      },
    },
  );
}
