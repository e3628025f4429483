import { Elysia } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { getKyc, postKycSandboxReview, postKycVerification } from '../kyc/kyc.ts';
import { putUserTier } from '../operator/set-tier.ts';
import { postRevenueCatWebhook } from '../webhooks/revenuecat.ts';
import { postSumsubWebhook } from '../webhooks/sumsub.ts';
import { postAcknowledgment } from './acknowledgment.ts';
import { postGoLive } from './go-live.ts';
import { getLiveEligibility } from './live-eligibility.ts';
import { getQuiz, postQuizAttempt } from './quiz.ts';
import { putShadowMode } from './shadow-mode.ts';

/** The unlock path: eligibility, KYC, risk quiz, acknowledgment, go-live, tiers and the provider webhooks. */
export function unlockRoutes(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'unlock' | 'requestCountry' | 'bots' | 'logger'>) {
  return new Elysia({ name: 'routes.unlock-path', seed: deps.auth })
    .use(getLiveEligibility(deps))
    .use(postGoLive(deps))
    .use(putShadowMode(deps))
    .use(getQuiz(deps))
    .use(postQuizAttempt(deps))
    .use(postAcknowledgment(deps))
    .use(getKyc(deps))
    .use(postKycVerification(deps))
    .use(postKycSandboxReview(deps))
    .use(putUserTier(deps))
    .use(postSumsubWebhook(deps))
    .use(postRevenueCatWebhook(deps));
}
