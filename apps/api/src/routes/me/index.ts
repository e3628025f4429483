import { Elysia } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { getMe } from './get.ts';

export function meRoutes(deps: Pick<ApiDeps, 'auth' | 'clock'>) {
  return new Elysia({ name: 'routes.me', seed: deps.auth }).use(getMe(deps));
}
