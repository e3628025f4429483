export { revenueCatAuthorized } from './revenuecat/authorize.ts';
export { parseRevenueCatWebhook, type ParsedWebhook } from './revenuecat/parse.ts';
export { revenueCatWebhookWire, type RevenueCatWebhook } from './revenuecat/wire.ts';
