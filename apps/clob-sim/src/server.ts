/** Assembles the Elysia app: raw-body parsing (HMAC needs the exact bytes), expiry sweep, route modules. */
import { Elysia } from 'elysia';
import { openapi } from '@elysiajs/openapi';
import { decideAdminAccess } from './auth/admin-access.ts';
import { droppedResponse, Faults } from './faults.ts';
import type { ChainMode } from './chain/chain-mode.ts';
import type { Exchange } from './state/exchange.ts';
import { accountRoutes } from './routes/account.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { errorReply, json, type RouteOptions, type SimContext } from './routes/context.ts';
import { dataApiRoutes } from './routes/data-api.ts';
import { gammaRoutes } from './routes/gamma.ts';
import { extraRoutes } from './routes/extras.ts';
import { orderRoutes } from './routes/orders.ts';
import { publicRoutes } from './routes/public.ts';
import { relayerRoutes } from './routes/relayer.ts';
import type { LocalRelayer } from './relayer/local-relayer.ts';
import { WsHub } from './ws/hub.ts';
import { wsRoutes } from './ws/routes.ts';

export function buildApp(exchange: Exchange, options: RouteOptions, hub: WsHub = new WsHub(exchange), faults: Faults = new Faults(1), chain?: ChainMode, relayer?: LocalRelayer) {
  const ctx: SimContext = { exchange, options, faults, hub, chain, relayer };
  exchange.settlementFails = () => faults.settlementFails();
  const app = new Elysia()
    .onParse({ as: 'global' }, async ({ request }) => await request.text())
    .onRequest(async ({ request, server }) => {
      exchange.sweep();
      hub.sweep();
      const path = new URL(request.url).pathname;
      if (path.startsWith('/_sim')) {
        const decision = decideAdminAccess(options.adminAccess, {
          remoteAddress: server?.requestIP(request)?.address,
          authorization: request.headers.get('authorization'),
          origin: request.headers.get('origin'),
        });
        return decision.ok ? undefined : json(403, { error: decision.message, code: decision.code });
      }
      if (faults.settings.latencyMs > 0) await Bun.sleep(faults.settings.latencyMs);
      // Post-only mode looks at the order body (a clone: the route still reads the original).
      const body = faults.settings.tradingMode === 'post-only' && request.method === 'POST' ? await request.clone().text() : undefined;
      const action = faults.decide(request.method, path, exchange.nowMs(), body);
      if (action.kind === 'drop') return droppedResponse();
      if (action.kind === 'reply') {
        return new Response(JSON.stringify(action.body), { status: action.status, headers: { 'content-type': 'application/json', ...action.headers } });
      }
      return undefined;
    })
    .onError(({ code }) => {
      if (code === 'NOT_FOUND') return errorReply(404, 'not found');
      return errorReply(500, 'internal error');
    })
    .use(
      openapi({
        path: '/openapi',
        provider: null,
        documentation: {
          info: {
            title: 'Polymancer local exchange (clob-sim)',
            version: '0.1.0',
            description: "Polymarket CLOB V2 protocol for the official clob-client-v2, plus the `/_sim/*` admin API (local mode only).",
          },
        },
      }),
    )
    .use(publicRoutes(ctx))
    .use(gammaRoutes(ctx))
    .use(dataApiRoutes(ctx))
    .use(authRoutes(ctx))
    .use(orderRoutes(ctx))
    .use(accountRoutes(ctx))
    .use(extraRoutes(ctx))
    .use(relayerRoutes(relayer))
    .use(wsRoutes(hub));
  return options.admin ? app.use(adminRoutes(ctx)) : app;
}
