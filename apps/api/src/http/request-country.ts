/**
 * The country a request comes from, for the jurisdiction requirement (ACCOUNTS.md §1.14: Polymarket
 * judges orders by the IP placing them — our server's — so judging where the user is falls to us).
 *
 * How it is determined, in order:
 * 1. `REQUEST_COUNTRY_HEADER` set (e.g. `cf-ipcountry` behind Cloudflare): that header, as the
 *    proxy/CDN wrote it. Only configure it when every request reaches the API through that proxy,
 *    which overwrites any value a client sends. A missing or non-country value (`XX`, `T1` = Tor)
 *    means unknown — never a fallback to the IP, so a request that bypassed the proxy proves nothing.
 * 2. Otherwise the client IP (the API's one rule: the socket, or `X-Forwarded-For` with
 *    `TRUST_PROXY`) looked up in the bundled IP-to-country database (`@polymancer/geoip`, in
 *    process, no network lookup).
 * A loopback or private address is `local`: it names no country, and counts as allowed only where
 * no real money is traded (a laptop running `start`). Anything else unresolved is `unknown`, which
 * the jurisdiction requirement never accepts.
 */
import { normaliseCountry, type RequestCountry } from '@polymancer/core';

export interface CountrySources {
  /** Lower-case header name of a trusted proxy's country header. */
  readonly header: string | undefined;
  countryOf(ip: string): string | null;
  isLocal(ip: string): boolean;
}

export type RequestCountryResolver = (request: Request, clientIp: string | null) => RequestCountry;

export function createRequestCountryResolver(sources: CountrySources): RequestCountryResolver {
  return (request, clientIp) => {
    if (clientIp !== null && sources.isLocal(clientIp) && (sources.header === undefined || request.headers.get(sources.header) === null)) {
      return { country: null, source: 'local' };
    }
    if (sources.header !== undefined) {
      const country = normaliseCountry(request.headers.get(sources.header));
      // Cloudflare writes XX when it cannot tell.
      return country === null || country === 'XX' ? { country: null, source: 'unknown' } : { country, source: 'header' };
    }
    if (clientIp === null) return { country: null, source: 'unknown' };
    const country = sources.countryOf(clientIp);
    return country === null ? { country: null, source: 'unknown' } : { country, source: 'geoip' };
  };
}
