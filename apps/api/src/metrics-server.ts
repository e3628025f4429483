/**
 * The separate metrics listener (`METRICS_PORT`, bound to `METRICS_HOST`, loopback by default): it
 * serves `GET /metrics` from the process's one prom-client registry and nothing else, so the API
 * port never has to expose metrics. When `METRICS_TOKEN` is set it is required here too. Plain HTTP:
 * keep it on loopback or a private network.
 */
import { newId } from '@polymancer/core';
import type { Config } from '@polymancer/config';
import type { Metrics } from '@polymancer/observability';
import { renderError } from './http/error-response.ts';
import type { HttpErrorCode } from './http/error-codes.ts';
import { presentsMetricsToken } from './http/metrics-token.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { ServingApi } from './server.ts';
import { listenExclusively } from './listen-exclusively.ts';

function refuse(code: HttpErrorCode, message: string, extra: Record<string, string> = {}): Response {
  const { status, body } = renderError(code, message, newId('request'));
  return new Response(JSON.stringify(body), { status, headers: { ...securityHeaders, 'content-type': 'application/json', ...extra } });
}

export function metricsHandler(metrics: Metrics, token: string | undefined): (request: Request) => Promise<Response> {
  return async (request) => {
    if (new URL(request.url).pathname !== '/metrics') return refuse('not_found', 'No such route');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse('method_not_allowed', 'Only GET', { allow: 'GET, HEAD' });
    if (token !== undefined && !presentsMetricsToken(request.headers, token)) {
      return refuse('unauthenticated', 'Metrics need the metrics token (Authorization: Bearer …)');
    }
    return new Response(request.method === 'HEAD' ? null : await metrics.registry.metrics(), {
      headers: { ...securityHeaders, 'content-type': metrics.registry.contentType },
    });
  };
}

/** Starts the metrics listener when `METRICS_PORT` is set; null otherwise. */
export function serveMetrics(metrics: Metrics, config: Config): ServingApi | null {
  const port = config.metrics.port;
  if (port === undefined) return null;
  const server = listenExclusively(
    () => Bun.serve({ port, hostname: config.metrics.host, reusePort: false, fetch: metricsHandler(metrics, config.metrics.token) }),
    `METRICS_PORT ${config.metrics.port} on ${config.metrics.host}`,
  );
  const host = server.hostname?.includes(':') ? `[${server.hostname}]` : server.hostname;
  return {
    url: `http://${host}:${server.port}`,
    stop: async () => {
      await server.stop(true);
    },
  };
}
