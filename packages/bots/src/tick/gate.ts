import type { TickBotState } from './tick-store.ts';

export type GateCode = 'bot_deleted' | 'bot_not_active' | 'emergency_stopped' | 'user_frozen' | 'live_execution_unavailable' | 'circuit_breaker_open';

/**
 * Live order execution is issue 20. Until it exists a live bot places no order and — above all —
 * does not paper-trade under a live label: its ticks hold, recorded with this code.
 */
export const LIVE_EXECUTION_UNAVAILABLE_REASON = 'live order execution is not available yet: this live bot places no orders and does not paper-trade';

/** Step 1: may this bot trade at all right now? `undefined` = yes. */
export function gate(state: TickBotState): { readonly code: GateCode; readonly reason: string } | undefined {
  if (state.deleted) return { code: 'bot_deleted', reason: 'the bot was deleted' };
  if (state.bot.emergencyStopped) return { code: 'emergency_stopped', reason: 'the bot is emergency-stopped' };
  if (state.userFrozen) return { code: 'user_frozen', reason: "the owner's trading is frozen" };
  if (state.bot.status !== 'active') return { code: 'bot_not_active', reason: `the bot is ${state.bot.status}` };
  if (state.bot.type === 'live') return { code: 'live_execution_unavailable', reason: LIVE_EXECUTION_UNAVAILABLE_REASON };
  return undefined;
}
