/**
 * A live bot's tick until live execution exists (issue 20): nothing is decided, simulated or
 * executed; the tick is recorded as held — the tick run's outcome `live_execution_unavailable` and
 * one hold decision per watched market with that code and reason — so the owner sees why it does
 * nothing, and a retry of the same tick key records nothing twice.
 */
import { type Clock, newId } from '@polymancer/core';
import { gate, LIVE_EXECUTION_UNAVAILABLE_REASON } from './gate.ts';
import type { TickBotState, TickStore } from './tick-store.ts';

export async function recordLiveHold(store: TickStore, state: TickBotState, tickKey: string, now: Date, clock: Clock) {
  const outcome = await store.transact(state.bot.id, tickKey, now, async (tx) => {
    // Re-checked under the lock: a bot paused or stopped meanwhile is skipped for that reason instead.
    const blocked = gate(tx.state) ?? { code: 'live_execution_unavailable' as const, reason: LIVE_EXECUTION_UNAVAILABLE_REASON };
    if (blocked.code === 'live_execution_unavailable') {
      for (const market of tx.state.bot.markets) {
        await tx.insertDecision({
          id: newId('decision'),
          botId: tx.state.bot.id,
          userId: tx.state.bot.userId,
          tickKey,
          conditionId: market.conditionId,
          strategyKind: tx.state.bot.strategy.kind,
          kind: 'hold',
          holdCode: 'live_execution_unavailable',
          side: null,
          tokenId: null,
          amountMicros: null,
          sharesMicros: null,
          limitPriceMicros: null,
          reasoning: LIVE_EXECUTION_UNAVAILABLE_REASON,
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
