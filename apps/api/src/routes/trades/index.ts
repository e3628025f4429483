import { Elysia } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { listTrades } from './list.ts';

export function tradeRoutes(deps: Pick<ApiDeps, 'auth' | 'clock' | 'bots'>) {
  return new Elysia({ name: 'routes.trades', seed: deps.auth }).use(listTrades(deps));
}
