/**
 * Where a user may trade from. Polymarket judges every order by the IP that places it — for
 * Polymancer that is its own server (ACCOUNTS.md §1.14) — so the user's jurisdiction is ours to
 * check: the country of their verified identity (KYC) and the country their requests come from
 * must both be outside the blocked and close-only lists.
 *
 * Defaults: Polymarket's published list (docs.polymarket.com/api-reference/geoblock, "Blocked
 * Countries", read 2026): blocked — no new orders and no closing; close-only — existing positions may
 * be closed, none opened. Limitation: Polymarket also blocks some sub-national regions (Ontario,
 * Crimea, Donetsk, Luhansk); a country code cannot express them, so an operator who must exclude
 * them blocks the whole country (CA, UA) in configuration.
 */
export const defaultBlockedCountries: readonly string[] = [
  'AU', 'BE', 'BY', 'BI', 'CF', 'CD', 'CU', 'DE', 'ET', 'FR', 'GB', 'IR', 'IQ', 'IT', 'KP', 'LB', 'LY',
  'MM', 'NI', 'NL', 'RU', 'SO', 'SS', 'SD', 'SY', 'UM', 'US', 'VE', 'YE',
];
export const defaultCloseOnlyCountries: readonly string[] = ['PL', 'SG', 'TH', 'TW'];

export type CountryStatus = 'allowed' | 'close_only' | 'blocked';

export interface JurisdictionLists {
  readonly blocked: readonly string[];
  readonly closeOnly: readonly string[];
}

/** ISO 3166-1 alpha-2, upper case; anything else is not a country we can judge. */
export function normaliseCountry(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const c = value.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(c) ? c : null;
}

export function countryStatus(country: string, lists: JurisdictionLists): CountryStatus {
  const c = country.toUpperCase();
  if (lists.blocked.includes(c)) return 'blocked';
  if (lists.closeOnly.includes(c)) return 'close_only';
  return 'allowed';
}

/** How the country of a request was told: a trusted proxy header, the bundled IP database, or a local address. */
export type RequestCountrySource = 'header' | 'geoip' | 'local' | 'unknown';

export interface RequestCountry {
  readonly country: string | null;
  readonly source: RequestCountrySource;
}

export interface JurisdictionFacts {
  /** Country of the verified identity document (null until KYC says). */
  readonly kycCountry: string | null;
  /** The country the user's requests come from, as last observed; null = never observed. */
  readonly request: RequestCountry | null;
  /**
   * Whether a request from a local (loopback/private) address may stand for "no country to judge":
   * true only when the deployment does not trade real money (a laptop running `start`).
   */
  readonly localRequestsAllowed: boolean;
}

export type JurisdictionVerdict =
  | { readonly status: 'allowed' }
  | { readonly status: 'blocked' | 'close_only'; readonly which: 'kyc' | 'request'; readonly country: string }
  | { readonly status: 'unknown'; readonly which: 'kyc' | 'request' };

/** The stricter of the two countries decides; an unknown one is never "allowed". */
export function judgeJurisdiction(facts: JurisdictionFacts, lists: JurisdictionLists): JurisdictionVerdict {
  const verdicts: JurisdictionVerdict[] = [];
  if (facts.kycCountry === null) verdicts.push({ status: 'unknown', which: 'kyc' });
  else {
    const s = countryStatus(facts.kycCountry, lists);
    verdicts.push(s === 'allowed' ? { status: 'allowed' } : { status: s, which: 'kyc', country: facts.kycCountry });
  }
  const req = facts.request;
  if (req === null || (req.country === null && !(req.source === 'local' && facts.localRequestsAllowed))) {
    verdicts.push({ status: 'unknown', which: 'request' });
  } else if (req.country !== null) {
    const s = countryStatus(req.country, lists);
    verdicts.push(s === 'allowed' ? { status: 'allowed' } : { status: s, which: 'request', country: req.country });
  }
  const rank = { blocked: 3, close_only: 2, unknown: 1, allowed: 0 } as const;
  return verdicts.reduce((worst, v) => (rank[v.status] > rank[worst.status] ? v : worst), { status: 'allowed' } as JurisdictionVerdict);
}

export interface JurisdictionOrder {
  readonly side: 'buy' | 'sell';
  readonly sharesMicros: number;
}

export type JurisdictionCheck = { readonly ok: true } | { readonly ok: false; readonly code: 'jurisdiction_blocked' | 'jurisdiction_close_only'; readonly reason: string };

/**
 * The rule the live order path applies per order: in a blocked jurisdiction nothing may be placed
 * (Polymarket refuses even closing); in a close-only one only an order that reduces an existing
 * position — a SELL of at most the shares held — may be placed; elsewhere anything.
 */
export function jurisdictionAllowsOrder(status: CountryStatus, order: JurisdictionOrder, heldSharesMicros: number): JurisdictionCheck {
  if (status === 'allowed') return { ok: true };
  if (status === 'blocked') return { ok: false, code: 'jurisdiction_blocked', reason: 'orders are not allowed from this jurisdiction' };
  if (order.side === 'sell' && order.sharesMicros > 0 && order.sharesMicros <= heldSharesMicros) return { ok: true };
  return {
    ok: false,
    code: 'jurisdiction_close_only',
    reason: order.side === 'buy' ? 'this jurisdiction is close-only: new positions cannot be opened' : 'this jurisdiction is close-only: a sell may not exceed the shares held',
  };
}
