/**
 * RevenueCat sends the Authorization header value configured on its webhook verbatim with every
 * POST. We compare it in constant time: both sides are hashed first, so neither the content nor
 * the length of the secret leaks through timing. Nothing configured → nothing is accepted.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function revenueCatAuthorized(given: string | null, configured: string | undefined): boolean {
  if (configured === undefined || configured.length === 0 || given === null) return false;
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(configured, 'utf8').digest();
  return timingSafeEqual(a, b);
}
