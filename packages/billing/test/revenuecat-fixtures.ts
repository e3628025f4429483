/**
 * RevenueCat webhook bodies in the shape RevenueCat sends (fixtures named
 * `revenuecat_webhook_<case>.json`), with the user, event id and times filled in per test.
 */
import { readFileSync } from 'node:fs';

export type RevenueCatCase = 'initial_purchase' | 'renewal' | 'cancellation' | 'uncancellation' | 'product_change' | 'expiration' | 'billing_issue' | 'test' | 'initial_purchase_stripe';

let counter = 0;

export function revenueCatWebhook(which: RevenueCatCase, fill: { readonly appUserId: string; readonly eventAt: Date; readonly expiresAt?: Date; readonly eventId?: string; readonly environment?: 'SANDBOX' | 'PRODUCTION'; readonly entitlementIds?: readonly string[] }): { readonly api_version: string; readonly event: Record<string, unknown> } {
  const text = readFileSync(new URL(`./fixtures/revenuecat_webhook_${which}.json`, import.meta.url), 'utf8').replaceAll('__APP_USER_ID__', fill.appUserId);
  const body = JSON.parse(text) as { api_version: string; event: Record<string, unknown> };
  counter += 1;
  body.event.id = fill.eventId ?? `5D3E1F2A-${String(counter).padStart(4, '0')}-4B6C-9D8E-${Date.now().toString(16).toUpperCase().padStart(12, '0')}`;
  body.event.event_timestamp_ms = fill.eventAt.getTime();
  body.event.purchased_at_ms = fill.eventAt.getTime();
  if (fill.expiresAt !== undefined) body.event.expiration_at_ms = fill.expiresAt.getTime();
  if (fill.environment !== undefined) body.event.environment = fill.environment;
  if (fill.entitlementIds !== undefined) body.event.entitlement_ids = [...fill.entitlementIds];
  return body;
}
