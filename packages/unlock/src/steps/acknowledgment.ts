/** The typed acknowledgment: exactly the sentence, stored with its time once; every try is audited. */
import { ACKNOWLEDGMENT_TEXT, acknowledgmentMatches } from '@polymancer/core';
import type { UnlockDeps } from '../deps.ts';
import type { Eligibility } from '../eligibility/eligibility.ts';
import { AcknowledgmentMismatchError } from '../errors.ts';
import type { RequestMeta } from '../ports.ts';

export function createAcknowledgment(deps: UnlockDeps, eligibility: Eligibility) {
  return {
    async acknowledge(userId: string, typed: string, meta: RequestMeta): Promise<{ readonly acknowledgedAt: Date; readonly text: string }> {
      const event = { actorId: userId, actorType: 'user' as const, subjectType: 'user', subjectId: userId, ip: meta.ip, userAgent: meta.userAgent };
      if (!acknowledgmentMatches(typed)) {
        await deps.audit.record({ ...event, action: 'unlock.acknowledgment.refused', details: { typedLength: typed.length } });
        throw new AcknowledgmentMismatchError(`Type exactly "${ACKNOWLEDGMENT_TEXT}" (same letters, case and spacing)`, { details: { expected: ACKNOWLEDGMENT_TEXT } });
      }
      const acknowledgedAt = await deps.steps.acknowledge(userId, typed, deps.clock.now());
      await deps.audit.record({ ...event, action: 'unlock.acknowledged', details: { text: ACKNOWLEDGMENT_TEXT, acknowledgedAt } });
      await deps.notifier.notify(userId, 'unlock.acknowledged', { acknowledgedAt }).catch((e: unknown) => deps.onBackgroundError?.(e, 'notify'));
      await eligibility.observeUser(userId);
      return { acknowledgedAt, text: ACKNOWLEDGMENT_TEXT };
    },
  };
}
