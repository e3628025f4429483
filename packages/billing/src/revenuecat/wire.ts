/**
 * RevenueCat webhook body (revenuecat.com/docs/integrations/webhooks/event-types-and-fields):
 * `{ "api_version": "1.0", "event": { … } }`. Only the fields Polymancer reads are checked; the
 * rest pass through untouched.
 */
import { z } from 'zod';

const ms = z.number().int().nonnegative().nullable().optional();

export const revenueCatEventWire = z.looseObject({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(64),
  app_user_id: z.string().max(200).nullable().optional(),
  original_app_user_id: z.string().max(200).nullable().optional(),
  aliases: z.array(z.string().max(200)).max(100).nullable().optional(),
  entitlement_ids: z.array(z.string().max(200)).max(100).nullable().optional(),
  /** Legacy single entitlement. */
  entitlement_id: z.string().max(200).nullable().optional(),
  product_id: z.string().max(200).nullable().optional(),
  /** PRODUCT_CHANGE: the product changed to. */
  new_product_id: z.string().max(200).nullable().optional(),
  environment: z.enum(['SANDBOX', 'PRODUCTION']).nullable().optional(),
  store: z.string().max(64).nullable().optional(),
  event_timestamp_ms: z.number().int().nonnegative(),
  purchased_at_ms: ms,
  expiration_at_ms: ms,
});

export const revenueCatWebhookWire = z.looseObject({
  api_version: z.string().optional(),
  event: revenueCatEventWire,
});

export type RevenueCatWebhook = z.infer<typeof revenueCatWebhookWire>;
