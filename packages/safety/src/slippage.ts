/**
 * The slippage differential report (issue 20 "Live risk"): per bot, live slippage actually paid against
 * the prediction, over its last `window` matched live orders; an alert over 1 percentage point, with a
 * suggested tighter `maxSlippageBps` (core `slippageDifferential`).
 * Known limitation: the suggestion is shown, not applied; a user applies it by editing the bot.
 */
import { NotFoundError, type SlippageDifferential, slippageDifferential } from '@polymancer/core';
import type { SlippageStore } from './ports.ts';

export const SLIPPAGE_WINDOW_ORDERS = 20;

export function createSlippageReports(deps: { readonly store: SlippageStore; readonly window?: number }) {
  const window = deps.window ?? SLIPPAGE_WINDOW_ORDERS;
  return {
    async report(userId: string, botId: string): Promise<SlippageDifferential & { readonly windowOrders: number; readonly currentMaxSlippageBps: number | null }> {
      const bot = await deps.store.botLimit(userId, botId);
      if (bot === undefined) throw new NotFoundError('Bot');
      const samples = await deps.store.recentLiveSlippage(botId, window);
      return { ...slippageDifferential(samples, bot.maxSlippageBps), windowOrders: window, currentMaxSlippageBps: bot.maxSlippageBps };
    },
  };
}

export type SlippageReports = ReturnType<typeof createSlippageReports>;
