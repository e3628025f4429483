import { ACKNOWLEDGMENT_TEXT } from '@polymancer/core';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import type { ApiDeps } from '../../deps.ts';
import { requestFacts, unlockDetail } from './request-facts.ts';

/** The typed acknowledgment, exactly "I understand I may lose real money"; stored with its time. */
export function postAcknowledgment(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'unlock' | 'requestCountry'>) {
  return new Elysia({ name: 'routes.unlock.acknowledgment', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/unlock/acknowledgment',
    async ({ session, body, request }) => {
      const { meta } = requestFacts(deps, request);
      const r = await deps.unlock.acknowledgment.acknowledge(session.user.id, body.text, meta);
      return { text: r.text, acknowledgedAt: r.acknowledgedAt.toISOString() };
    },
    {
      signedIn: true,
      body: t.Object({ text: t.String({ maxLength: 200, description: `Exactly "${ACKNOWLEDGMENT_TEXT}"` }) }, { additionalProperties: false }),
      detail: unlockDetail('Type the risk acknowledgment', `422 \`acknowledgment_mismatch\` unless the text is exactly "${ACKNOWLEDGMENT_TEXT}" (case and spacing as written).`),
      response: { 200: t.Object({ text: t.String(), acknowledgedAt: t.String({ format: 'date-time' }) }) },
    },
  );
}
