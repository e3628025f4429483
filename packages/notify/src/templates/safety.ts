/** Notifications of emergencies and live risk (`@polymancer/safety`). */
import { template, utc } from './template.ts';

export const safetyTemplates = {
  'bot.emergency_stopped': template<{ readonly botId: string; readonly reason: string; readonly at: string; readonly by: 'operator' | 'user' }>({
    email: true,
    render: (d) => ({
      title: 'A bot was emergency-stopped',
      body: `Bot ${d.botId} was emergency-stopped by ${d.by === 'operator' ? 'an operator' : 'you'} at ${utc(d.at)}: ${d.reason}. It places no orders until the stop is cleared and the bot resumed.`,
    }),
  }),
  'bot.slippage_tightened': template<{ readonly botId: string; readonly fromMaxSlippageBps: number | null; readonly toMaxSlippageBps: number; readonly meanExcessBps: number | null; readonly samples: number }>({
    email: true,
    render: (d) => ({
      title: "A bot's slippage limit was tightened",
      body: `Over its last ${d.samples} live orders, bot ${d.botId} paid on average ${d.meanExcessBps ?? 0} bps more slippage than predicted, so its maximum slippage went from ${d.fromMaxSlippageBps === null ? 'no limit' : `${d.fromMaxSlippageBps} bps`} to ${d.toMaxSlippageBps} bps, as you opted in to. Turn automatic tightening off or edit the limit in the bot's settings.`,
    }),
  }),
  'trading.frozen': template<{ readonly reason: string; readonly at: string }>({
    email: true,
    render: (d) => ({
      title: 'Your trading is frozen',
      body: `An operator froze all trading on your account at ${utc(d.at)}: ${d.reason}. None of your bots trades until it is lifted. Contact support if you did not expect this.`,
    }),
  }),
  'trading.resumed': template<{ readonly reason: string; readonly at: string }>({
    email: true,
    render: (d) => ({
      title: 'Your trading is unfrozen',
      body: `An operator lifted the trading freeze on your account at ${utc(d.at)}: ${d.reason}. Bots that were active trade again; pause any you do not want running.`,
    }),
  }),
};
