/**
 * One JSON GET over plain `fetch` for the hosts the official CLOB client does not cover (Gamma, the data
 * API): a timeout, and failures as core errors naming the source and operation, never the URL or body.
 */
import { isPolymancerError } from '@polymancer/core';
import { type HttpSource, venueUnavailable, withTimeout } from './errors.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface JsonGetter {
  /** The parsed body; undefined when `allow404` and the host answered 404. */
  (path: string, operation: string, allow404?: boolean): Promise<unknown>;
}

export function jsonGetter(source: HttpSource, baseUrl: string, timeoutMs: number, doFetch: FetchLike = (input, init) => fetch(input, init)): JsonGetter {
  const base = baseUrl.replace(/\/+$/, '');
  return async (path, operation, allow404 = false) => {
    let response: Response;
    try {
      response = await withTimeout(doFetch(`${base}${path}`, { headers: { accept: 'application/json' } }), timeoutMs, source, operation);
    } catch (error) {
      if (isPolymancerError(error)) throw error;
      throw venueUnavailable(source, operation, undefined, 'network error');
    }
    if (allow404 && response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw venueUnavailable(source, operation, response.status);
    }
    try {
      return await response.json();
    } catch {
      throw venueUnavailable(source, operation, response.status, 'body is not JSON');
    }
  };
}
