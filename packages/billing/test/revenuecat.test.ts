import { describe, expect, test } from 'bun:test';
import { parseRevenueCatWebhook, revenueCatAuthorized } from '../src/index.ts';
import { revenueCatWebhook } from './revenuecat-fixtures.ts';

const at = new Date('2026-03-02T10:00:00Z');

describe('RevenueCat webhook', () => {
  test('the authorization header must equal the configured value exactly', () => {
    expect(revenueCatAuthorized('Bearer s3cret-value', 'Bearer s3cret-value')).toBe(true);
    expect(revenueCatAuthorized('Bearer s3cret-valu', 'Bearer s3cret-value')).toBe(false);
    expect(revenueCatAuthorized('bearer s3cret-value', 'Bearer s3cret-value')).toBe(false);
    expect(revenueCatAuthorized(null, 'Bearer s3cret-value')).toBe(false);
    expect(revenueCatAuthorized('anything', undefined)).toBe(false);
    expect(revenueCatAuthorized('', '')).toBe(false);
  });

  test('parses a recorded-shape INITIAL_PURCHASE: our user id among the ids, entitlements, expiry, event time', () => {
    const body = revenueCatWebhook('initial_purchase', { appUserId: 'usr_abc', eventAt: at, expiresAt: new Date('2026-04-02T10:00:00Z') });
    const r = parseRevenueCatWebhook(body);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.event).toMatchObject({
      type: 'INITIAL_PURCHASE',
      appUserIds: ['usr_abc', '$RCAnonymousID:8069238d6049ce87cc529853916d624c'],
      entitlementIds: ['pro'],
      productId: 'polymancer_pro_monthly',
      store: 'APP_STORE',
      environment: 'PRODUCTION',
      expiresAt: new Date('2026-04-02T10:00:00Z'),
      eventAt: at,
    });
  });

  test('a PRODUCT_CHANGE names the product changed to; a web (Stripe) purchase parses the same way', () => {
    const change = parseRevenueCatWebhook(revenueCatWebhook('product_change', { appUserId: 'usr_abc', eventAt: at }));
    expect(change.ok && change.event.productId).toBe('polymancer_basic_monthly');
    const web = parseRevenueCatWebhook(revenueCatWebhook('initial_purchase_stripe', { appUserId: 'usr_abc', eventAt: at }));
    expect(web.ok && web.event.store).toBe('STRIPE');
  });

  test('a body without an event id or time is refused with the field paths', () => {
    const r = parseRevenueCatWebhook({ api_version: '1.0', event: { type: 'RENEWAL' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(['event.event_timestamp_ms', 'event.id']);
  });
});
