/**
 * A live bot's tick that may not trade — live execution not available, or a circuit breaker open
 * (issue 20): nothing is decided, simulated or executed; the tick is recorded as held — the tick
 * run's outcome (the hold's code) and one hold decision per watched market with that code and
 * reason — so the owner sees why it does nothing, and a retry of the same tick key records nothing twice.
 */
import { type Clock, newId } from '@polymancer/core';
import { gate, LIVE_EXECUTION_UNAVAILABLE_REASON } from './gate.ts';

export type LiveHold = { readonly code: 'live_execution_unavailable' | 'circuit_breaker_open'; readonly reason: string };
import type { TickBotState, TickStore } from './tick-store.ts';

export async function recordLiveHold(store: TickStore, state: TickBotState, tickKey: string, now: Date, clock: Clock, hold: LiveHold = { code: 'live_execution_unavailable', reason: LIVE_EXECUTION_UNAVAILABLE_REASON }) {
  const outcome = await store.transact(state.bot.id, tickKey, now, async (tx) => {
    // Re-checked under the lock: a bot paused or stopped meanwhile is skipped for that reason instead.
    const gated = gate(tx.state);
    const blocked = gated === undefined || gated.code === 'live_execution_unavailable' ? hold : gated;
    if (blocked.code === hold.code) {
      for (const market of tx.state.bot.markets) {
        await tx.insertDecision({
          id: newId('decision'),
          botId: tx.state.bot.id,
          userId: tx.state.bot.userId,
          tickKey,
          conditionId: market.conditionId,
          strategyKind: tx.state.bot.strategy.kind,
          kind: 'hold',
          holdCode: hold.code,
          side: null,
          tokenId: null,
          amountMicros: null,
          sharesMicros: null,
          limitPriceMicros: null,
          reasoning: hold.reason,
          confidencePerMille: null,
          inputTokens: null,
          outputTokens: null,
          costMicros: null,
          tradeLogId: null,
          createdAt: now,
        });
      }
    }
    await tx.finish({ outcome: blocked.code, trades: 0, rejections: 0, finishedAt: clock.now() });
    return { status: 'skipped' as const, ...blocked };
  });
  return outcome.applied ? outcome.value : { status: 'duplicate' as const };
}
