import { Elysia } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { putUserRole } from './change-role.ts';

export function operatorRoutes(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config'>) {
  return new Elysia({ name: 'routes.operator', seed: deps.auth }).use(putUserRole(deps));
}
