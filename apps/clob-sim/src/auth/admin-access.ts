/**
 * Who may call the simulator's admin API (`/_sim/*`: fund wallets, create and resolve markets, inject
 * faults). Those routes mint money on the exchange, so they answer only
 * - a request from this machine (a loopback peer) that no other web page started (no foreign `Origin`:
 *   a page on some site must not fund wallets through the user's browser), or
 * - a request with `Authorization: Bearer <admin token>` when a token is configured (a sim bound to a
 *   shared interface, driven from another host);
 * and never in production, where the local exchange is not a venue at all.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface AdminAccessPolicy {
  /** Bearer token that opens the admin API from any address; unset = loopback only. */
  readonly token: string | undefined;
  /** POLYMANCER_ENV=production: the admin API refuses every request. */
  readonly production: boolean;
}

export interface AdminRequest {
  /** The peer's IP address as the socket reports it; undefined when unknown (treated as remote). */
  readonly remoteAddress: string | undefined;
  readonly authorization: string | null;
  readonly origin: string | null;
}

export type AdminDecision = { readonly ok: true } | { readonly ok: false; readonly code: 'admin_disabled_in_production' | 'admin_forbidden'; readonly message: string };

/** 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || isLoopbackAddress(host);
  } catch {
    return false;
  }
}

/** Constant-time comparison of digests, so neither the token's length nor its prefix leaks. */
function tokenMatches(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function decideAdminAccess(policy: AdminAccessPolicy, request: AdminRequest): AdminDecision {
  if (policy.production) {
    return { ok: false, code: 'admin_disabled_in_production', message: "the local exchange's admin API is disabled in production (POLYMANCER_ENV=production)" };
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '')?.[1];
  if (policy.token !== undefined && bearer !== undefined && tokenMatches(bearer, policy.token)) return { ok: true };
  if (isLoopbackAddress(request.remoteAddress) && (request.origin === null || isLoopbackOrigin(request.origin))) return { ok: true };
  return {
    ok: false,
    code: 'admin_forbidden',
    message: policy.token === undefined ? 'the admin API answers requests from this machine only' : 'the admin API answers requests from this machine, or with Authorization: Bearer <admin token>',
  };
}
