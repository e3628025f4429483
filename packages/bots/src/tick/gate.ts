import type { TickBotState } from './tick-store.ts';

export type GateCode = 'bot_deleted' | 'bot_not_active' | 'emergency_stopped' | 'user_frozen';

/** Step 1: may this bot trade at all right now? `undefined` = yes. */
export function gate(state: TickBotState): { readonly code: GateCode; readonly reason: string } | undefined {
  if (state.deleted) return { code: 'bot_deleted', reason: 'the bot was deleted' };
  if (state.bot.emergencyStopped) return { code: 'emergency_stopped', reason: 'the bot is emergency-stopped' };
  if (state.userFrozen) return { code: 'user_frozen', reason: "the owner's trading is frozen" };
  if (state.bot.status !== 'active') return { code: 'bot_not_active', reason: `the bot is ${state.bot.status}` };
  return undefined;
}
