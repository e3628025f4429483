/**
 * The caller's IP address, by one rule for the whole API (logs, audit rows, rate limits, sign-in
 * backoff, better-auth's session rows).
 *
 * Without `TRUST_PROXY`: the socket's peer address; X-Forwarded-For is ignored.
 * With `TRUST_PROXY` and `TRUST_PROXY_HOPS = n`: every X-Forwarded-For header is read as one list
 * (several headers are joined in order, as HTTP allows) and the entry n places from the right is
 * taken — the address our own outermost proxy appended. Entries to its left were written by the
 * client and are never used. A list shorter than n (a request that reached us through fewer proxies)
 * gives its leftmost entry, which one of our proxies still wrote. An entry that is not an IP address
 * (a misconfigured proxy) gives the socket address instead.
 *
 * Known limitation: if a proxy you count in `TRUST_PROXY_HOPS` can be reached directly from the
 * internet, a client can skip the outer ones and choose its address; keep inner proxies private.
 */
import { isIP } from 'node:net';

export interface ProxyTrust {
  readonly trustProxy: boolean;
  readonly trustProxyHops: number;
}

export function clientIp(request: Request, socketIp: string | undefined, trust: ProxyTrust): string | null {
  const socket = socketIp === undefined ? null : normaliseIp(socketIp);
  if (!trust.trustProxy) return socket;
  const forwarded = request.headers.get('x-forwarded-for');
  if (forwarded === null) return socket;
  const hops = forwarded
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (hops.length === 0) return socket;
  const appendedByOurProxy = hops[Math.max(0, hops.length - Math.max(1, trust.trustProxyHops))];
  return (appendedByOurProxy === undefined ? null : normaliseIp(appendedByOurProxy)) ?? socket;
}

/** A bare, canonical IP: brackets and ports dropped, IPv4-mapped IPv6 as IPv4, lower case; null if not an IP. */
export function normaliseIp(raw: string): string | null {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1] !== undefined) value = bracketed[1];
  else if (/^[0-9.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  value = value.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (mapped?.[1] !== undefined) value = mapped[1];
  return isIP(value) === 0 ? null : value;
}
