import { Elysia } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { getBotLiquidations, postCloseAllPositions, postOperatorCloseAllPositions } from './close-all-positions.ts';
import { postClearEmergencyStop, postEmergencyStop } from './emergency-stop.ts';
import { getOperatorBreakers, postFreezeUser, postOperatorEmergencyStop, postResumeBreaker, postResumeUserTrading } from './operator.ts';
import { getSlippageDifferential, putSlippageAutoTighten } from './slippage.ts';
import { getTradingStatus } from './trading-status.ts';

/** Live trading's safety (issue 20): status for users, emergency stops, and the operators' breakers and freezes. */
export function safetyRoutes(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'safety'>) {
  return new Elysia({ name: 'routes.safety', seed: deps.auth })
    .use(getTradingStatus(deps))
    .use(postEmergencyStop(deps))
    .use(postClearEmergencyStop(deps))
    .use(getOperatorBreakers(deps))
    .use(postResumeBreaker(deps))
    .use(postFreezeUser(deps))
    .use(postResumeUserTrading(deps))
    .use(postOperatorEmergencyStop(deps))
    .use(postCloseAllPositions(deps))
    .use(postOperatorCloseAllPositions(deps))
    .use(getBotLiquidations(deps))
    .use(getSlippageDifferential(deps))
    .use(putSlippageAutoTighten(deps));
}
