/**
 * The HTTP API: one Elysia app, transport concerns only. Every answer carries a request id and
 * strict security headers; every error has the shape `{ error: { code, message, details?, requestId } }`.
 */
import { Elysia } from 'elysia';
import { openapi } from '@elysiajs/openapi';
import { errorForLog } from '@polymancer/observability';
import type { ApiDeps } from './deps.ts';
import { clientIp } from './http/client-ip.ts';
import { corsHeadersFor, corsPreflightHeaders } from './http/cors.ts';
import { errorToResponse, renderError } from './http/error-response.ts';
import { requestIdFrom } from './http/request-id.ts';
import { securityHeaders } from './http/security-headers.ts';
import { healthRoutes } from './routes/health/index.ts';
import { accountRoutes } from './auth/index.ts';
import { botRoutes } from './routes/bots/index.ts';
import { unlockRoutes } from './routes/unlock/index.ts';
import { notificationRoutes } from './routes/notifications/index.ts';

export interface RequestMeta {
  readonly requestId: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly startedAt: number;
}

// Per-request facts, readable in every hook including onError (which runs before `derive` on parse failures).
const requestMeta = new WeakMap<Request, RequestMeta>();

export function metaOf(request: Request): RequestMeta {
  return requestMeta.get(request) ?? { requestId: 'req_unknown', ip: null, userAgent: null, startedAt: performance.now() };
}

export function createApi(deps: ApiDeps) {
  const allowedOrigins = new Set([deps.config.publicUrl, ...deps.config.corsOrigins]);
  return new Elysia({ name: 'polymancer.api' })
    .onRequest(({ request, server, set }) => {
      const meta: RequestMeta = {
        requestId: requestIdFrom(request.headers),
        ip: clientIp(request, server?.requestIP(request)?.address, deps.config.trustProxy),
        userAgent: request.headers.get('user-agent'),
        startedAt: performance.now(),
      };
      requestMeta.set(request, meta);
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
    .onAfterResponse(({ request, set, route }) => {
      const meta = metaOf(request);
      const status = typeof set.status === 'number' ? set.status : 200;
      const seconds = (performance.now() - meta.startedAt) / 1000;
      const routeLabel = route || 'unmatched';
      deps.metrics.httpRequests.inc({ method: request.method, route: routeLabel, status: String(status) });
      deps.metrics.httpDuration.observe({ method: request.method, route: routeLabel }, seconds);
      deps.logger.info({ requestId: meta.requestId, method: request.method, route: routeLabel, status, durationMs: Math.round(seconds * 1000) }, 'request');
    })
    .use(
      openapi({
        path: '/openapi',
        provider: null,
        documentation: {
          info: { title: 'Polymancer API', version: '0.1.0', description: 'Trading bots for Polymarket: paper first, live under hard limits.' },
        },
      }),
    )
    .use(healthRoutes(deps))
    .use(accountRoutes(deps))
    .use(botRoutes(deps))
    .use(unlockRoutes(deps))
    .use(notificationRoutes(deps));
}

export type Api = ReturnType<typeof createApi>;
