import { requirementKeys } from '@polymancer/core';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { botIdParamsSchema } from '../bots/bot-schemas.ts';
import { iso, jsonSafe, requestFacts, unlockDetail } from './request-facts.ts';

const nullableTime = t.Union([t.String({ format: 'date-time' }), t.Null()]);

export const requirementSchema = t.Object({
  key: t.Union(
    [
      t.Literal('paper_record'),
      t.Literal('kyc'),
      t.Literal('risk_quiz'),
      t.Literal('acknowledgment'),
      t.Literal('cooling_off'),
      t.Literal('paid_tier'),
      t.Literal('credentials'),
      t.Literal('jurisdiction'),
    ],
    { description: `One of: ${requirementKeys.join(', ')}` },
  ),
  state: t.Union([t.Literal('met'), t.Literal('waiting'), t.Literal('missing'), t.Literal('blocked')], {
    description: 'met; waiting (will be met at expectedAt without action); missing (the user must act); blocked (cannot be met as things stand)',
  }),
  missing: t.Union([t.String(), t.Null()], { description: 'What is missing, in words the app shows; null when met.' }),
  metAt: nullableTime,
  expectedAt: t.Union([t.String({ format: 'date-time' }), t.Null()], { description: 'For timed requirements (paper trading time, cooling-off): when it will be met.' }),
  details: t.Record(t.String(), t.Unknown()),
});

const eligibilitySchema = t.Object({
  botId: t.String(),
  botType: t.Union([t.Literal('paper'), t.Literal('live')]),
  state: t.Union([t.Literal('locked'), t.Literal('cooling_off'), t.Literal('unlocked')]),
  isUnlockedForLive: t.Boolean(),
  unlockedAt: nullableTime,
  coolingOffStartedAt: nullableTime,
  coolingOffEndsAt: nullableTime,
  canGoLive: t.Boolean({ description: 'Unlocked paper bot: the app shows "Go live" (POST /api/v1/bots/:id/go-live).' }),
  requirements: t.Array(requirementSchema),
});

/** Every live requirement of a bot with its state; observing it also advances the unlock (cooling-off, unlock, lapse). */
export function getLiveEligibility(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'unlock' | 'requestCountry'>) {
  return new Elysia({ name: 'routes.unlock.live-eligibility', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/bots/:id/live-eligibility',
    async ({ session, params, request }) => {
      const { country } = requestFacts(deps, request);
      const view = await deps.unlock.eligibility.observe(session.user.id, params.id, country);
      const e = view.evaluation;
      return {
        botId: view.bot.id,
        botType: view.bot.type,
        state: e.state.state,
        isUnlockedForLive: view.unlocked,
        unlockedAt: iso(e.state.unlockedAt),
        coolingOffStartedAt: iso(e.state.coolingOffStartedAt),
        coolingOffEndsAt: iso(e.coolingOffEndsAt),
        canGoLive: view.unlocked && view.bot.type === 'paper',
        requirements: view.requirements.map((r) => ({
          key: r.key,
          state: r.state,
          missing: r.missing,
          metAt: iso(r.metAt),
          expectedAt: iso(r.expectedAt),
          details: jsonSafe(r.details) as Record<string, unknown>,
        })),
      };
    },
    {
      signedIn: true,
      params: botIdParamsSchema,
      detail: unlockDetail(
        "A bot's live eligibility: the eight requirements",
        'Paper record (24 h and 10 qualifying trades by this bot), KYC, risk quiz, typed acknowledgment, 24 h cooling-off (starts once the other seven hold), paid tier, valid credentials, jurisdiction (KYC country and request country). Another user\'s bot answers 404.',
      ),
      response: { 200: eligibilitySchema },
    },
  );
}
