/**
 * Fault injection for circuit-breaker and retry tests (admin API, local mode only).
 * Applies to every non-admin HTTP route: added latency, a rate of 5xx answers, 429 rate limiting with
 * `Retry-After` and `X-RateLimit-*` headers over a window of the injected clock, dropped connections
 * (the response stream is reset, so the client sees a network error), and trading modes for orders
 * (cancel-only / disabled answer 503 with Polymarket's messages; paused answers 425).
 * Randomness is seeded, so a fault schedule replays identically.
 */
import { createRng, type Rng } from './markets/rng.ts';

export type TradingMode = 'normal' | 'cancel-only' | 'post-only' | 'disabled' | 'paused';

export interface FaultSettings {
  latencyMs: number;
  /** Probability (0–1) that a request answers `errorStatus`. */
  errorRate: number;
  errorStatus: number;
  /** Requests allowed per window; 0 = unlimited. */
  rateLimit: number;
  rateLimitWindowMs: number;
  /** Probability (0–1) that a request's connection is dropped without an answer. */
  dropRate: number;
  tradingMode: TradingMode;
  /** Probability (0–1) that a new trade's settlement fails (RETRYING → FAILED, transfers reverted). */
  settlementFailureRate: number;
}

export const noFaults = (): FaultSettings => ({
  latencyMs: 0,
  errorRate: 0,
  errorStatus: 500,
  rateLimit: 0,
  rateLimitWindowMs: 10_000,
  dropRate: 0,
  tradingMode: 'normal',
  settlementFailureRate: 0,
});

export type FaultAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'reply'; readonly status: number; readonly body: unknown; readonly headers: Record<string, string> };

export class Faults {
  settings: FaultSettings = noFaults();
  readonly #rng: Rng;
  #windowStartMs = 0;
  #windowCount = 0;

  constructor(seed: number) {
    this.#rng = createRng(seed ^ 0x5eed);
  }

  update(patch: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...patch };
    return this.settings;
  }

  reset(): FaultSettings {
    this.settings = noFaults();
    this.#windowCount = 0;
    return this.settings;
  }

  /** Whether the next trade's settlement should fail. */
  settlementFails(): boolean {
    return this.settings.settlementFailureRate > 0 && this.#rng.next() < this.settings.settlementFailureRate;
  }

  /** Decide what happens to a request at `nowMs` (path and method tell order placement apart). */
  decide(method: string, path: string, nowMs: number, body?: string): FaultAction {
    const s = this.settings;
    if (s.rateLimit > 0) {
      if (nowMs - this.#windowStartMs >= s.rateLimitWindowMs) {
        this.#windowStartMs = nowMs;
        this.#windowCount = 0;
      }
      this.#windowCount += 1;
      if (this.#windowCount > s.rateLimit) {
        const resetMs = this.#windowStartMs + s.rateLimitWindowMs;
        return {
          kind: 'reply',
          status: 429,
          body: { error: 'Too Many Requests' },
          headers: {
            'retry-after': String(Math.max(1, Math.ceil((resetMs - nowMs) / 1000))),
            'x-ratelimit-limit': String(s.rateLimit),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.ceil(resetMs / 1000)),
          },
        };
      }
    }
    if (s.dropRate > 0 && this.#rng.next() < s.dropRate) return { kind: 'drop' };
    if (s.errorRate > 0 && this.#rng.next() < s.errorRate) {
      return { kind: 'reply', status: s.errorStatus, body: { error: 'internal error (injected fault)' }, headers: {} };
    }
    const placing = method === 'POST' && (path === '/order' || path === '/orders');
    if (placing && s.tradingMode === 'cancel-only') {
      return { kind: 'reply', status: 503, body: { error: 'Trading is currently cancel-only. New orders are not accepted, but cancels are allowed.' }, headers: {} };
    }
    // Post-only (ACCOUNTS.md §1.8): resting orders only; a marketable or FOK/FAK order is refused with 503.
    if (placing && s.tradingMode === 'post-only' && !postOnlyBody(body)) {
      return { kind: 'reply', status: 503, body: { code: 'post_only_mode', error: 'Trading is currently in post-only mode: only post-only orders are accepted.', retry_after_seconds: 60 }, headers: { 'retry-after': '60' } };
    }
    if (s.tradingMode === 'disabled' && path !== '/' && path !== '/ok' && path !== '/time' && path !== '/version') {
      return { kind: 'reply', status: 503, body: { error: 'Trading is currently disabled. Check polymarket.com for updates' }, headers: {} };
    }
    if (placing && s.tradingMode === 'paused') {
      return { kind: 'reply', status: 425, body: { error: 'the matching engine is restarting' }, headers: {} };
    }
    return { kind: 'none' };
  }
}

/** Whether a POST /order or /orders body asks for post-only placement (every order of a batch). */
function postOnlyBody(body: string | undefined): boolean {
  if (body === undefined) return false;
  try {
    const parsed = JSON.parse(body) as unknown;
    const orders = Array.isArray(parsed) ? parsed : [parsed];
    return orders.length > 0 && orders.every((o) => (o as { postOnly?: unknown } | null)?.postOnly === true);
  } catch {
    return false;
  }
}

/** A response whose body stream fails at once: the connection is cut without an HTTP answer. */
export function droppedResponse(): Response {
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error(new Error('connection dropped (injected fault)'));
      },
    }),
    { status: 200 },
  );
}
