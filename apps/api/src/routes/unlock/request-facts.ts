import type { RequestCountry } from '@polymancer/core';
import type { RequestMeta } from '@polymancer/unlock';
import { auditMeta } from '../../auth/request-meta.ts';
import type { ApiDeps } from '../../deps.ts';

/** Who is asking and from which country, by the API's one rule for client IPs (resolved when the request arrived). */
export function requestFacts(deps: Pick<ApiDeps, 'requestCountry'>, request: Request): { readonly meta: RequestMeta; readonly country: RequestCountry } {
  const meta = auditMeta(request);
  return { meta, country: deps.requestCountry(request, meta.ip) };
}

/** Dates as ISO strings, anything else as is (requirement details go out as JSON). */
export function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  return value;
}

export const iso = (d: Date | null | undefined): string | null => (d === null || d === undefined ? null : d.toISOString());

export function unlockDetail(summary: string, description = '') {
  return { summary, tags: ['unlock'], security: [{ bearer: [] }, { cookie: [] }], ...(description === '' ? {} : { description }) };
}
