/**
 * Holding a live bot while the exchange takes no new orders (ACCOUNTS.md §1.8; the issue's
 * "cancel-only / post-only: hold and tell the user").
 *
 * Guarantees
 * - After a post the exchange refused for its trading mode (503 cancel-only, post-only, trading
 *   disabled) or rate-limited through every retry (429), the bot's next ticks neither consult the
 *   strategy nor sign nor post until the back-off has passed: the exchange's `Retry-After` when it
 *   sent one, else a minute, never more than 15 minutes, counted on the injected clock from the
 *   answer. Each held tick is recorded as a hold whose code is the refusal's (`exchange_cancel_only`, …).
 * - The owner is told once per episode of trading-mode refusals (`bot.live_exchange_held`): on a
 *   refusal whose previous order of the bot was not one. A failing notifier never fails the tick.
 *
 * Semantics: the hold is read from the bot's latest live order (its code, when it was answered, the
 * wait the exchange asked for), so it keeps no state of its own and ends by itself. After it the bot
 * posts once more: while the mode lasts, that is one refused order per back-off, not one per tick.
 *
 * Known limitations: the hold is per bot — each live bot learns of a platform-wide mode from its own
 * first refusal. A rate limit is held but not notified (it passes within the wait; nothing to fix).
 */
import type { LiveOrderRecord } from './live-order.ts';

export const DEFAULT_EXCHANGE_HOLD_MS = 60_000;
export const MAX_EXCHANGE_HOLD_MS = 15 * 60_000;

/** The exchange refuses new orders for its trading mode (503). */
const TRADING_MODE_CODES: ReadonlySet<string> = new Set(['exchange_cancel_only', 'exchange_post_only', 'exchange_trading_disabled']);
const HOLD_CODES: ReadonlySet<string> = new Set([...TRADING_MODE_CODES, 'exchange_rate_limited']);

/** What the owner reads about each refusal that holds the bot. */
export const EXCHANGE_REFUSALS: Readonly<Record<string, string>> = {
  exchange_cancel_only: 'Polymarket is in cancel-only mode: it accepts no new orders.',
  exchange_post_only: 'Polymarket is in post-only mode: it accepts only resting orders, not the bot’s fill-or-kill orders.',
  exchange_trading_disabled: 'Polymarket has disabled trading.',
  exchange_rate_limited: 'Polymarket rate-limited this account through every retry.',
};

export function isExchangeHoldCode(code: string): boolean {
  return HOLD_CODES.has(code);
}

/** The back-off after a refusal: the exchange's wait, else the default, bounded. */
export function exchangeHoldMs(retryAfterMs: number | null | undefined): number {
  return Math.min(MAX_EXCHANGE_HOLD_MS, Math.max(0, retryAfterMs ?? DEFAULT_EXCHANGE_HOLD_MS));
}

export interface ExchangeHold {
  readonly code: string;
  readonly until: Date;
  readonly reason: string;
}

/** The hold in force at `now` after the bot's latest live order, if that order was such a refusal. */
export function exchangeHoldOf(latest: LiveOrderRecord | undefined, now: Date): ExchangeHold | undefined {
  if (latest === undefined || latest.status !== 'rejected' || latest.answeredAt === null) return undefined;
  const code = latest.rejectionCode;
  if (code === null || !HOLD_CODES.has(code)) return undefined;
  const until = new Date(latest.answeredAt.getTime() + exchangeHoldMs(latest.retryAfterMs));
  if (now.getTime() >= until.getTime()) return undefined;
  return { code, until, reason: `${EXCHANGE_REFUSALS[code] ?? 'Polymarket refused new orders.'} The bot places no order until ${until.toISOString()}, then tries again.` };
}

/** Whether this refusal opens an episode the owner is told of: a trading mode, after an order that was not refused for one. */
export function opensExchangeEpisode(code: string, previous: LiveOrderRecord | undefined): boolean {
  if (!TRADING_MODE_CODES.has(code)) return false;
  return !(previous?.status === 'rejected' && previous.rejectionCode !== null && TRADING_MODE_CODES.has(previous.rejectionCode));
}
