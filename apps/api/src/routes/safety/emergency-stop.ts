import { Elysia } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import { auditMeta } from '../../auth/request-meta.ts';
import type { ApiDeps } from '../../deps.ts';
import { emergencyBotSchema, emergencyBotView, idParams, reasonBody, safetyDetail } from './schemas.ts';

/** The owner emergency-stops their bot: paused and marked with reason and time; audited `bot.emergency_stopped`. */
export function postEmergencyStop(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'safety'>) {
  return new Elysia({ name: 'routes.safety.emergency-stop', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/bots/:id/emergency-stop',
    async ({ session, params, body, request }) => emergencyBotView(await deps.safety.emergency.emergencyStop({ kind: 'user', userId: session.user.id, ...auditMeta(request) }, params.id, body.reason)),
    {
      signedIn: true,
      params: idParams,
      body: reasonBody,
      detail: safetyDetail('Emergency-stop your bot', ['bots'], 'Pauses the bot and marks it emergency-stopped (no tick passes while marked, even if something sets it active). A stopped bot keeps its first reason and time. Another user\'s bot answers 404.'),
      response: { 200: emergencyBotSchema },
    },
  );
}

/** The owner clears the mark (fresh session: it re-enables trading); the bot stays paused until resumed. */
export function postClearEmergencyStop(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'safety'>) {
  return new Elysia({ name: 'routes.safety.clear-emergency-stop', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/bots/:id/emergency-stop/clear',
    async ({ session, params, request }) => emergencyBotView(await deps.safety.emergency.clearEmergencyStop({ kind: 'user', userId: session.user.id, ...auditMeta(request) }, params.id)),
    {
      signedIn: true,
      freshAuth: true,
      params: idParams,
      detail: safetyDetail('Clear your bot\'s emergency stop (fresh session)', ['bots'], 'The bot stays paused; resume it to trade. Audited `bot.emergency_stop_cleared`.'),
      response: { 200: emergencyBotSchema },
    },
  );
}
