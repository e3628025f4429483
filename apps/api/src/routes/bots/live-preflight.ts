import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from './bot-schemas.ts';
import { botDetail } from './detail.ts';

const checkSchema = t.Object({
  id: t.String({
    description:
      'credential | exchange_reachable | api_key_bound | wallet_setup | deposit_wallet_flow | closed_only | market_accepting_orders | order_size | collateral | sell_approval | gas',
    examples: ['collateral'],
  }),
  status: t.Union([t.Literal('ok'), t.Literal('warn'), t.Literal('block')], { description: '`block`: no live order is posted until it is fixed; `warn`: worth fixing, or not checked.' }),
  message: t.String({ examples: ['The trade costs $5.1 but the wallet holds $2 pUSD; deposit pUSD to the trading wallet.'] }),
  fix: t.Union([t.String(), t.Null()], { description: 'What to do; null when nothing is needed.', examples: ['Deposit pUSD to the trading wallet 0x… (USDC.e must be wrapped into pUSD — Polymarket does it when you open its deposit page).'] }),
  conditionId: t.Union([t.String(), t.Null()], { description: 'The watched market a market check is about; null for account checks.' }),
});

const preflightSchema = t.Object({
  botId: t.String(),
  ok: t.Boolean({ description: 'No check blocks: the bot may place live orders.' }),
  checkedAt: t.String({ format: 'date-time' }),
  checks: t.Array(checkSchema),
});

/**
 * Pre-flight diagnosis of a bot (issue 20): the reasons real Polymarket orders fail, checked now with
 * the caller's credential, wallet and the bot's markets and configured trade — also before going live.
 * The live path runs the same checks before a bot's first order and after every refusal.
 */
export function getBotLivePreflight(deps: Pick<ApiDeps, 'auth' | 'clock' | 'preflight'>) {
  return new Elysia({ name: 'routes.bots.live-preflight', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/live-preflight',
    async ({ session, params }) => {
      const report = await deps.preflight.run(session.user.id, params.id);
      return { botId: report.botId, ok: report.ok, checkedAt: report.checkedAt.toISOString(), checks: report.checks.map((c) => ({ id: c.id, status: c.status, message: c.message, fix: c.fix, conditionId: c.conditionId })) };
    },
    {
      signedIn: true,
      params: botIdParamsSchema,
      detail: botDetail(
        "Pre-flight diagnosis of a bot's live trading",
        'Checks, with your credential, wallet and the bot’s markets: the exchange answers this server (not geoblocked), the API key belongs to the signing address, wallet type and funder agree, the deposit-wallet flow, closed-only mode, each market accepting orders, the configured trade size at the market’s precision and minimum ($1 for a market buy), pUSD balance and allowance to the market’s exchange (CTF Exchange V2, neg-risk or V3), outcome-token approval for sells, and POL for gas where the wallet pays it. Each check is ok, warn or block with a message and a fix, e.g. `{ "id": "gas", "status": "block", "message": "The wallet holds 0.0050 POL, under the 0.01 POL needed to pay gas; send POL to the wallet.", "fix": "Send POL to the signer 0x…" }`.',
      ),
      response: { 200: preflightSchema },
    },
  );
}
