import { parseRevenueCatWebhook, revenueCatAuthorized } from '@polymancer/billing';
import { ValidationError } from '@polymancer/core';
import { WebhookUnauthorizedError } from '@polymancer/unlock';
import { Elysia, t } from 'elysia';
import type { ApiDeps } from '../../deps.ts';

/**
 * RevenueCat's webhook. Not a session route: it is authenticated by the Authorization header value
 * configured on RevenueCat (`REVENUECAT_WEBHOOK_AUTHORIZATION`), compared in constant time (401
 * `webhook_unauthorized` otherwise, and always when none is configured). Events are deduplicated by
 * id; the answer names what the event did.
 */
export function postRevenueCatWebhook(deps: Pick<ApiDeps, 'unlock' | 'config' | 'logger'>) {
  return new Elysia({ name: 'routes.webhooks.revenuecat' }).post(
    '/api/v1/webhooks/revenuecat',
    async ({ request, body }) => {
      if (!revenueCatAuthorized(request.headers.get('authorization'), deps.config.revenueCat.webhookAuthorization)) {
        deps.logger.warn({ webhook: 'revenuecat' }, 'webhook refused');
        throw new WebhookUnauthorizedError();
      }
      const parsed = parseRevenueCatWebhook(body);
      if (!parsed.ok) throw new ValidationError('The billing event is not one RevenueCat sends', { details: { issues: parsed.issues } });
      return { outcome: await deps.unlock.tiers.applyBillingEvent(parsed.event) };
    },
    {
      body: t.Unknown(),
      detail: {
        summary: 'RevenueCat billing webhook (Authorization header)',
        description: 'Called by RevenueCat, not by users: authenticated by the Authorization header configured as REVENUECAT_WEBHOOK_AUTHORIZATION (401 `webhook_unauthorized` otherwise); sets the user\'s tier from the event.',
        tags: ['webhooks'],
        security: [],
      },
      response: { 200: t.Object({ outcome: t.String() }) },
    },
  );
}
