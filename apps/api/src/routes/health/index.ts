import { Elysia, t } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { metricsRoute } from './metrics.ts';

export function healthRoutes(deps: Pick<ApiDeps, 'readiness' | 'metrics' | 'config'>) {
  return new Elysia({ name: 'routes.health' })
    .get('/healthz', () => ({ status: 'ok' as const }), {
      detail: { summary: 'Liveness: the process answers', description: 'Answers `{ status: "ok" }` while the process serves requests; it checks nothing else (see /readyz). No session needed.', tags: ['operations'], security: [] },
      response: t.Object({ status: t.Literal('ok') }),
    })
    .get(
      '/readyz',
      async ({ set }) => {
        const report = await deps.readiness();
        if (!report.ready) set.status = 503;
        return report;
      },
      {
        detail: {
          summary: 'Readiness: database reachable and a worker alive',
          description: '200 when the database answers and a worker has beaten within READY_HEARTBEAT_MAX_AGE_SECS, else 503; `checks` names each check and why it failed. No session needed.',
          tags: ['operations'],
          security: [],
        },
        response: {
          200: t.Object({ ready: t.Boolean(), checks: t.Record(t.String(), t.Object({ ok: t.Boolean(), detail: t.Optional(t.String()) })) }),
          503: t.Object({ ready: t.Boolean(), checks: t.Record(t.String(), t.Object({ ok: t.Boolean(), detail: t.Optional(t.String()) })) }),
        },
      },
    )
    .use(metricsRoute(deps));
}
