import { Elysia } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { getFreshness } from './freshness.ts';
import { postReauthenticate } from './reauthenticate.ts';

export function sessionRoutes(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config'>) {
  return new Elysia({ name: 'routes.session', seed: deps.auth }).use(getFreshness(deps)).use(postReauthenticate(deps));
}
