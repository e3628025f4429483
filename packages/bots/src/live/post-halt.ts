/**
 * What stops a committed live order from leaving the process, asked right before EACH post of it
 * (the first and every retry after a 425 / 429): an open circuit breaker, the bot's emergency stop,
 * the owner's trading freeze. The stop and the freeze are read fresh from the database each time —
 * the tick's own state was read at its commit, and a freeze may be set after that, also by a direct
 * SQL UPDATE as the runbook does — so from the moment either is committed, no further post of the
 * bot's orders goes out.
 *
 * Known limitation: a post already on the wire when the freeze commits is not recalled; its answer is
 * recorded as any other.
 */
import type { TickStore } from '../tick/tick-store.ts';
import type { LiveBreakerPort } from './live-deps.ts';

/** Why a committed order was not sent: recorded as its rejection (code and the owner's reason). */
export interface PostHalt {
  readonly code: 'circuit_breaker_open' | 'emergency_stopped' | 'user_frozen';
  readonly reason: string;
}

export type PostHaltCheck = () => Promise<PostHalt | undefined>;

/** The live tick's check (the gate's codes, so a hold and a refused order read alike). */
export function tickPostHalt(store: Pick<TickStore, 'load'>, breakers: LiveBreakerPort | undefined, botId: string): PostHaltCheck {
  return async () => {
    const breaker = await breakers?.openBreaker();
    if (breaker !== undefined) return { code: 'circuit_breaker_open', reason: `live trading is paused: ${breaker.reason}. The order was not sent.` };
    const fresh = await store.load(botId);
    if (fresh?.bot.emergencyStopped === true) return { code: 'emergency_stopped', reason: 'the bot was emergency-stopped before this order left. The order was not sent.' };
    if (fresh?.userFrozen === true) return { code: 'user_frozen', reason: "the owner's trading was frozen before this order left. The order was not sent." };
    return undefined;
  };
}
