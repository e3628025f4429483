/**
 * The unlock service: one object the API, the worker and the CLI share. Each part is a use case
 * over the ports in `ports.ts`; the state machine itself is core's (`evaluateUnlock`).
 */
import type { UnlockDeps } from './deps.ts';
import { createEligibility } from './eligibility/eligibility.ts';
import { createGoLive } from './go-live/go-live.ts';
import { createKyc } from './kyc/kyc-service.ts';
import { createAcknowledgment } from './steps/acknowledgment.ts';
import { createQuiz } from './steps/quiz.ts';
import { createTiers } from './tiers/tiers.ts';

/** Notification data is stored and rendered as JSON: instants go as ISO strings. */
function isoDates(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(isoDates);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isoDates(v)]));
  return value;
}

export function createUnlockService(given: UnlockDeps) {
  const deps: UnlockDeps = { ...given, notifier: { notify: (userId, kind, data) => given.notifier.notify(userId, kind, isoDates(data) as Readonly<Record<string, unknown>>) } };
  const eligibility = createEligibility(deps);
  const goLive = createGoLive(deps, eligibility);
  return {
    eligibility,
    quiz: createQuiz(deps, eligibility),
    acknowledgment: createAcknowledgment(deps, eligibility),
    kyc: createKyc(deps, eligibility),
    tiers: createTiers(deps, eligibility),
    goLive,
    /** The minute job: cooling-offs that ended, lapses, expired subscriptions. */
    async sweep(): Promise<{ readonly observed: number; readonly expired: number }> {
      const expired = await this.tiers.expireLapsed();
      const observed = await eligibility.sweep();
      return { observed, expired };
    },
  };
}

export type UnlockService = ReturnType<typeof createUnlockService>;
