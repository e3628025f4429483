/** RevenueCat wire → the unlock service's `BillingEvent`. */
import type { BillingEvent } from '@polymancer/unlock';
import { revenueCatWebhookWire } from './wire.ts';

export type ParsedWebhook = { readonly ok: true; readonly event: BillingEvent } | { readonly ok: false; readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }> };

export function parseRevenueCatWebhook(body: unknown): ParsedWebhook {
  const r = revenueCatWebhookWire.safeParse(body);
  if (!r.success) return { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const e = r.data.event;
  const ids = [e.app_user_id, e.original_app_user_id, ...(e.aliases ?? [])].filter((id): id is string => typeof id === 'string' && id.length > 0);
  const entitlements = e.entitlement_ids ?? (e.entitlement_id ? [e.entitlement_id] : []);
  return {
    ok: true,
    event: {
      id: e.id,
      type: e.type,
      appUserIds: [...new Set(ids)],
      entitlementIds: entitlements,
      productId: (e.type === 'PRODUCT_CHANGE' ? e.new_product_id : undefined) ?? e.product_id ?? null,
      store: e.store ?? null,
      environment: e.environment ?? null,
      expiresAt: e.expiration_at_ms === null || e.expiration_at_ms === undefined ? null : new Date(e.expiration_at_ms),
      eventAt: new Date(e.event_timestamp_ms),
    },
  };
}
