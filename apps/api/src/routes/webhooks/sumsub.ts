import { Elysia, t } from 'elysia';
import type { ApiDeps } from '../../deps.ts';

/**
 * SumSub's review webhook. Not a session route: it is authenticated by `X-Payload-Digest`, the HMAC
 * of the raw body with the webhook secret (401 `webhook_unauthorized` otherwise). A replay of a
 * delivered body, and events older than the last applied, change nothing (200 with the outcome, so
 * SumSub stops retrying).
 */
export function postSumsubWebhook(deps: Pick<ApiDeps, 'unlock' | 'logger'>) {
  return new Elysia({ name: 'routes.webhooks.sumsub' }).post(
    '/api/v1/webhooks/sumsub',
    async ({ body, request }) => {
      const raw = body instanceof Uint8Array ? body : new Uint8Array();
      const outcome = await deps.unlock.kyc.handleWebhook(raw, request.headers).catch((error: unknown) => {
        deps.logger.warn({ webhook: 'sumsub', code: (error as { code?: string }).code }, 'webhook refused');
        throw error;
      });
      return { outcome };
    },
    {
      // The digest covers the exact bytes sent: keep them raw.
      parse: async ({ request }) => new Uint8Array(await request.arrayBuffer()),
      detail: {
        summary: 'SumSub review webhook (X-Payload-Digest signed)',
        description: 'Called by SumSub, not by users: authenticated by the HMAC `X-Payload-Digest` of the raw body under SUMSUB_WEBHOOK_SECRET (401 `webhook_unauthorized` otherwise); records the review result.',
        tags: ['webhooks'],
        security: [],
      },
      response: { 200: t.Object({ outcome: t.String() }) },
    },
  );
}
