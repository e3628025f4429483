import { NotFoundError, UnauthenticatedError } from '@polymancer/core';
import { Elysia } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { presentsMetricsToken } from '../../http/metrics-token.ts';

/**
 * `GET /metrics` on the API port: only with `Authorization: Bearer <METRICS_TOKEN>`; without a
 * configured token it is not served here (404) — use the separate METRICS_PORT listener
 * (`metrics-server.ts`), which is loopback-only by default. Prometheus text from the process's one
 * registry.
 */
export function metricsRoute(deps: Pick<ApiDeps, 'metrics' | 'config'>) {
  return new Elysia({ name: 'routes.metrics' }).get(
    '/metrics',
    async ({ request, set }) => {
      const token = deps.config.metrics.token;
      if (token === undefined) throw new NotFoundError('Metrics endpoint');
      if (!presentsMetricsToken(request.headers, token)) throw new UnauthenticatedError('Metrics need the metrics token (Authorization: Bearer …)');
      set.headers['content-type'] = deps.metrics.registry.contentType;
      return deps.metrics.registry.metrics();
    },
    {
      detail: {
        summary: 'Prometheus metrics (metrics token only)',
        description:
          'Answers only to `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); 404 when no METRICS_TOKEN is configured. The same metrics are served without this route on the METRICS_PORT listener, loopback-only by default.',
        tags: ['operations'],
        security: [{ metricsToken: [] }],
      },
    },
  );
}
