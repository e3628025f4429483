import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; `/metrics` serialises it in Prometheus text format. */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly jobsCompleted: Counter<'queue' | 'outcome'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'polymancer_' });
  return {
    registry,
    httpRequests: new Counter({ name: 'polymancer_http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'polymancer_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobsCompleted: new Counter({ name: 'polymancer_jobs_completed_total', help: 'Background jobs finished', labelNames: ['queue', 'outcome'], registers: [registry] }),
  };
}
