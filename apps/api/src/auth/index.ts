import { Elysia } from 'elysia';
import type { ApiDeps } from '../deps.ts';
import { meRoutes } from '../routes/me/index.ts';
import { operatorRoutes } from '../routes/operator/index.ts';
import { sessionRoutes } from '../routes/session/index.ts';
import { betterAuthRoutes } from './better-auth-mount.ts';

export { authGuard, sessionOf } from './guard.ts';

/** Everything about accounts the API serves: better-auth's routes and ours under /api/v1. */
export function accountRoutes(deps: Pick<ApiDeps, 'auth' | 'config' | 'clock'>) {
  return new Elysia({ name: 'routes.accounts', seed: deps.auth })
    .use(betterAuthRoutes(deps))
    .use(meRoutes(deps))
    .use(sessionRoutes(deps))
    .use(operatorRoutes(deps));
}
