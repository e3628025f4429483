/**
 * How long the exchange asked us to wait (`Retry-After`) on a refused post. The official client
 * answers an HTTP error as `{ error, status }` and drops the response headers, so the header is
 * caught on its way by a response interceptor on the axios instance the client sends with (axios'
 * default instance: the client has no instance of its own), into the scope of one call
 * (AsyncLocalStorage): concurrent posts each see their own answer, and calls made outside a scope
 * are left alone. The interceptor only reads; it never changes what the client sees.
 *
 * Known limitation: it relies on the client sending through axios' default instance (true of
 * `@polymarket/clob-client-v2` 1.x); if it stopped doing so, the header would go unread and the
 * body's `retry_after_seconds`, then the caller's default, would apply.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import axios from 'axios';

interface Scope {
  retryAfterMs?: number;
}

const scope = new AsyncLocalStorage<Scope>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  axios.interceptors.response.use(undefined, (error: unknown) => {
    const store = scope.getStore();
    if (store !== undefined && axios.isAxiosError(error)) {
      const ms = parseRetryAfterMs(error.response?.headers?.['retry-after'], Date.now());
      if (ms !== undefined) store.retryAfterMs = ms;
    }
    return Promise.reject(error);
  });
}

/** Runs one client call and reports the `Retry-After` its answer carried, if any. */
export async function withRetryAfter<T>(work: () => Promise<T>): Promise<{ readonly value: T; readonly retryAfterMs: number | undefined }> {
  install();
  const store: Scope = {};
  const value = await scope.run(store, work);
  return { value, retryAfterMs: store.retryAfterMs };
}

/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date (read against `nowMs`, the wall
 * clock the exchange stamped it with). Anything else, or a date already past, is no advice.
 */
export function parseRetryAfterMs(value: unknown, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.ceil(text * 1000) : undefined;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return at > nowMs ? at - nowMs : undefined;
}
