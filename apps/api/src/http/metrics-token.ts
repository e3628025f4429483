import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a request presents the metrics token as `Authorization: Bearer <token>`. Compared in
 * constant time (over digests, so lengths do not leak either). Only the Authorization header
 * counts: a token in a cookie or the query string is ignored.
 */
export function presentsMetricsToken(headers: Headers, token: string): boolean {
  const match = /^bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  if (match?.[1] === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
