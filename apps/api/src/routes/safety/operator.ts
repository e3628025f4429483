/** Operator routes of live trading's safety: breakers, user freezes, emergency stops of any bot. Audited. */
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import { auditMeta } from '../../auth/request-meta.ts';
import type { ApiDeps } from '../../deps.ts';
import { breakerNameSchema, emergencyBotSchema, emergencyBotView, idParams, operatorBreakerSchema, operatorBreakerView, optionalReasonBody, reasonBody, safetyDetail } from './schemas.ts';

type Deps = Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'safety'>;
const operatorOf = (userId: string, request: Request) => ({ operatorId: userId, via: 'api' as const, ...auditMeta(request) });

export function getOperatorBreakers(deps: Deps) {
  return new Elysia({ name: 'routes.safety.operator-breakers', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/operator/breakers',
    async () => ({ items: (await deps.safety.breakers.status()).map(operatorBreakerView) }),
    {
      operator: true,
      detail: safetyDetail('Circuit breakers with their counts (operators only)', ['operator'], 'Each breaker with the counts that tripped it (`details`), when it opened, and who resumed it last. Users see the same without counts at GET /api/v1/trading-status.'),
      response: { 200: t.Object({ items: t.Array(operatorBreakerSchema) }) },
    },
  );
}

export function postResumeBreaker(deps: Deps) {
  return new Elysia({ name: 'routes.safety.resume-breaker', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/operator/breakers/:name/resume',
    async ({ session, params, body, request }) => operatorBreakerView(await deps.safety.breakers.resume(operatorOf(session.user.id, request), params.name, body.reason ?? null)),
    {
      operator: true,
      freshAuth: true,
      params: t.Object({ name: breakerNameSchema }),
      body: optionalReasonBody,
      detail: safetyDetail('Resume live trading after a circuit breaker (operators only, fresh session)', ['operator'], '409 `breaker_not_open` when it is not open. Audited `circuit_breaker.resumed`; counting restarts now.'),
      response: { 200: operatorBreakerSchema },
    },
  );
}

const freezeSchema = t.Object({ userId: t.String(), tradingFrozen: t.Boolean(), changed: t.Boolean() });

async function setFrozen(deps: Deps, userId: string, request: Request, targetId: string, frozen: boolean, reason: string) {
  const r = await deps.safety.emergency.setTradingFrozen({ kind: 'operator', ...operatorOf(userId, request) }, targetId, frozen, reason);
  return { userId: r.userId, tradingFrozen: r.frozen, changed: r.changed };
}

/** Freezing only stops trading: immediate, no fresh session needed. */
export function postFreezeUser(deps: Deps) {
  return new Elysia({ name: 'routes.safety.freeze', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/operator/users/:id/freeze',
    ({ session, params, body, request }) => setFrozen(deps, session.user.id, request, params.id, true, body.reason),
    {
      operator: true,
      params: idParams,
      body: reasonBody,
      detail: safetyDetail("Freeze a user's trading (operators only): no tick or order of theirs passes from now, queued ones included", ['operator'], 'Audited `user.trading.frozen`; the user is notified.'),
      response: { 200: freezeSchema },
    },
  );
}

/** Lifting a freeze re-enables trading: fresh session. */
export function postResumeUserTrading(deps: Deps) {
  return new Elysia({ name: 'routes.safety.resume-trading', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/operator/users/:id/resume-trading',
    ({ session, params, body, request }) => setFrozen(deps, session.user.id, request, params.id, false, body.reason),
    {
      operator: true,
      freshAuth: true,
      params: idParams,
      body: reasonBody,
      detail: safetyDetail("Lift a user's trading freeze (operators only, fresh session)", ['operator'], 'Audited `user.trading.resumed`; the user is notified.'),
      response: { 200: freezeSchema },
    },
  );
}

export function postOperatorEmergencyStop(deps: Deps) {
  return new Elysia({ name: 'routes.safety.operator-emergency-stop', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/operator/bots/:id/emergency-stop',
    async ({ session, params, body, request }) => emergencyBotView(await deps.safety.emergency.emergencyStop({ kind: 'operator', ...operatorOf(session.user.id, request) }, params.id, body.reason)),
    {
      operator: true,
      params: idParams,
      body: reasonBody,
      detail: safetyDetail("Emergency-stop any user's bot (operators only); the owner is notified", ['operator'], 'Pauses the bot and marks it emergency-stopped with the reason and time. Audited `bot.emergency_stopped`; the owner is notified. A stopped bot keeps its first reason.'),
      response: { 200: emergencyBotSchema },
    },
  );
}
