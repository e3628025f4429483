import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { breakerSchema, breakerView, safetyDetail } from './schemas.ts';

/** What stops the caller's trading right now: open circuit breakers (everyone's live trading) and their own freeze. */
export function getTradingStatus(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'safety'>) {
  return new Elysia({ name: 'routes.safety.trading-status', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/trading-status',
    async ({ session }) => {
      const breakers = await deps.safety.breakers.status();
      return {
        liveTradingPaused: breakers.some((b) => b.open),
        tradingFrozen: await deps.safety.emergency.tradingFrozen(session.user.id),
        breakers: breakers.map(breakerView),
      };
    },
    {
      signedIn: true,
      detail: safetyDetail('Live trading status: circuit breakers and your trading freeze', ['safety'], 'While any circuit breaker is open, every live bot holds (its ticks are recorded with code `circuit_breaker_open` and the reason) until an operator resumes it. `tradingFrozen`: an operator froze your account; none of your bots trades.'),
      response: { 200: t.Object({ liveTradingPaused: t.Boolean(), tradingFrozen: t.Boolean(), breakers: t.Array(breakerSchema) }) },
    },
  );
}
