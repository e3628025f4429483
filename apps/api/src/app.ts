/**
 * The HTTP API: one Elysia app, transport concerns only. Every answer carries a request id and
 * strict security headers; every error has the shape `{ error: { code, message, details?, requestId } }`;
 * every write passes the cross-site checks (`http/cross-site-writes.ts`) before any route sees it.
 */
import { Elysia, type AnyElysia } from 'elysia';
import { errorForLog } from '@polymancer/observability';
import type { ApiDeps } from './deps.ts';
import { clientIp } from './http/client-ip.ts';
import { corsHeadersFor, corsPreflightHeaders } from './http/cors.ts';
import { allowedOriginsOf, refuseCrossSiteWrite } from './http/cross-site-writes.ts';
import { errorToResponse, renderError } from './http/error-response.ts';
import { registerStrictFormats } from './http/formats.ts';
import { metaOf, rememberMeta, type RequestMeta } from './http/request-context.ts';
import { requestIdFrom } from './http/request-id.ts';
import { securityHeaders } from './http/security-headers.ts';
import { refuseUnsafeJson, refuseUnsafeUrl } from './http/text-hygiene.ts';
import { healthRoutes } from './routes/health/index.ts';
import { accountRoutes } from './auth/index.ts';
import { botRoutes } from './routes/bots/index.ts';
import { unlockRoutes } from './routes/unlock/index.ts';
import { safetyRoutes } from './routes/safety/index.ts';
import { notificationRoutes } from './routes/notifications/index.ts';
import { credentialRoutes } from './routes/credentials/index.ts';
import { documentationRoutes } from './openapi/routes.ts';
import { marketRoutes } from './routes/markets/index.ts';

export { metaOf, type RequestMeta };

/** The status an answer really went out with: a route that returns a `Response` (better-auth's) carries its own. */
function statusOf(responseValue: unknown, setStatus: unknown): number {
  if (responseValue instanceof Response) return responseValue.status;
  return typeof setStatus === 'number' ? setStatus : 200;
}

const documentInfo = {
  title: 'Polymancer API',
  version: '0.1.0',
  description:
    'Trading bots for Polymarket: paper first, live under hard limits. Money is integer micros in JSON numbers (1 pUSD = 1000000), prices micro-dollars per share (0.53 → 530000), rates basis points, times ISO-8601. Errors answer `{ error: { code, message, details?, requestId } }`.',
};

const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createApi(deps: ApiDeps) {
  registerStrictFormats();
  const allowedOrigins = allowedOriginsOf(deps.config);
  const api: AnyElysia = new Elysia({ name: 'polymancer.api' })
    .onRequest(async ({ request, server, set }) => {
      const meta: RequestMeta = {
        requestId: requestIdFrom(request.headers),
        ip: clientIp(request, server?.requestIP(request)?.address, deps.config),
        userAgent: request.headers.get('user-agent'),
        startedAt: performance.now(),
      };
      rememberMeta(request, meta);
      Object.assign(set.headers, securityHeaders, { 'x-request-id': meta.requestId });
      const cors = corsHeadersFor(request.headers.get('origin'), allowedOrigins);
      if (cors !== null) Object.assign(set.headers, cors);
      if (request.method === 'OPTIONS' && cors !== null) {
        Object.assign(set.headers, corsPreflightHeaders);
        set.status = 204;
        return new Response(null, { status: 204, headers: set.headers as Record<string, string> });
      }
      const length = Number(request.headers.get('content-length') ?? '0');
      if (Number.isFinite(length) && length > deps.config.maxBodyBytes) {
        const { status, body } = renderError('payload_too_large', `Request bodies are limited to ${deps.config.maxBodyBytes} bytes`, meta.requestId, {
          limitBytes: deps.config.maxBodyBytes,
        });
        set.status = status;
        return body;
      }
      const refusal =
        refuseCrossSiteWrite(request, allowedOrigins) ??
        refuseUnsafeUrl(request.url) ??
        (bodyMethods.has(request.method) && request.body !== null ? refuseUnsafeJson(await request.clone().text()) : null);
      if (refusal !== null) {
        const { status, body } = renderError(refusal.code, refusal.message, meta.requestId, refusal.details);
        set.status = status;
        return body;
      }
      return undefined;
    })
    .onError(({ code, error, request, set }) => {
      const meta = metaOf(request);
      const { status, body } = errorToResponse(code, error, meta.requestId);
      if (status >= 500) deps.logger.error({ err: errorForLog(error), requestId: meta.requestId, path: new URL(request.url).pathname }, 'request failed');
      set.status = status;
      set.headers['content-type'] = 'application/json';
      return body;
    })
    .onAfterResponse(({ request, set, route, responseValue }) => {
      const meta = metaOf(request);
      const status = statusOf(responseValue, set.status);
      const seconds = (performance.now() - meta.startedAt) / 1000;
      const routeLabel = route || 'unmatched';
      deps.metrics.httpRequests.inc({ method: request.method, route: routeLabel, status: String(status) });
      deps.metrics.httpDuration.observe({ method: request.method, route: routeLabel }, seconds);
      deps.logger.info({ requestId: meta.requestId, method: request.method, route: routeLabel, status, durationMs: Math.round(seconds * 1000) }, 'request');
    })
    .use(documentationRoutes(() => api, documentInfo))
    .use(healthRoutes(deps))
    .use(accountRoutes(deps))
    .use(marketRoutes(deps))
    .use(botRoutes(deps))
    .use(unlockRoutes(deps))
    .use(notificationRoutes(deps))
    .use(credentialRoutes(deps))
    .use(safetyRoutes(deps));
  return api;
}

export type Api = ReturnType<typeof createApi>;
