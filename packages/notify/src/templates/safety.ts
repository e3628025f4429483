/** Notifications of emergencies and live risk (`@polymancer/safety`). */
import { formatMicros } from '@polymancer/core';
import { template, utc } from './template.ts';

const usd = (micros: number) => `${micros < 0 ? '-' : ''}$${formatMicros(Math.abs(micros), 2)}`;
const shares = (micros: number) => formatMicros(micros, 2);

/** One holding's line in the liquidation report. */
interface LiquidatedHolding {
  readonly tokenId: string;
  readonly outcome: string;
  readonly status: 'sold' | 'partially_sold' | 'not_sold';
  readonly soldSharesMicros: number;
  readonly remainingSharesMicros: number;
  readonly proceedsMicros: number;
  readonly pnlMicros: number;
  readonly reason: string | null;
}

export const safetyTemplates = {
  'bot.emergency_stopped': template<{ readonly botId: string; readonly reason: string; readonly at: string; readonly by: 'operator' | 'user' | 'system' }>({
    email: true,
    render: (d) => ({
      title: 'A bot was emergency-stopped',
      body: `Bot ${d.botId} was emergency-stopped by ${d.by === 'operator' ? 'an operator' : d.by === 'system' ? 'Polymancer' : 'you'} at ${utc(d.at)}: ${d.reason}. It places no orders until the stop is cleared and the bot resumed.`,
    }),
  }),
  'bot.liquidated': template<{ readonly botId: string; readonly liquidationId: string; readonly status: 'completed' | 'partial' | 'running' | 'interrupted'; readonly by: 'operator' | 'user'; readonly reason: string; readonly at: string; readonly proceedsMicros: number; readonly liquidationPnlMicros: number; readonly holdings: readonly LiquidatedHolding[] }>({
    email: true,
    render: (d) => ({
      title: d.status === 'completed' ? "A bot's positions were closed" : d.status === 'interrupted' ? "Closing a bot's positions was interrupted" : "A bot's positions were partly closed",
      body: [
        d.status === 'interrupted'
          ? `Closing bot ${d.botId}'s positions at market, started at ${utc(d.at)} and asked by ${d.by === 'operator' ? 'an operator' : 'you'} (${d.reason}), stopped before it finished: the server running it ended. What it sold is below; what it did not is still held — close all positions again to sell it. The bot is emergency-stopped.`
          : `Bot ${d.botId}'s positions were closed at market at ${utc(d.at)}, asked by ${d.by === 'operator' ? 'an operator' : 'you'}: ${d.reason}. The bot is emergency-stopped.`,
        `Proceeds ${usd(d.proceedsMicros)}; liquidation P&L ${usd(d.liquidationPnlMicros)} (reported apart from the bot's trading P&L).`,
        ...d.holdings.map((h) =>
          h.status === 'not_sold'
            ? `- ${h.outcome} (${h.tokenId}): not sold, ${shares(h.remainingSharesMicros)} shares still held — ${h.reason ?? 'no reason given'}`
            : `- ${h.outcome} (${h.tokenId}): sold ${shares(h.soldSharesMicros)} shares for ${usd(h.proceedsMicros)} (P&L ${usd(h.pnlMicros)})${h.remainingSharesMicros > 0 ? `, ${shares(h.remainingSharesMicros)} shares still held${h.reason === null ? '' : ` — ${h.reason}`}` : ''}`,
        ),
      ].join('\n'),
    }),
  }),
  'bot.slippage_alert': template<{ readonly botId: string; readonly meanExcessBps: number | null; readonly samples: number; readonly currentMaxSlippageBps: number | null; readonly suggestedMaxSlippageBps: number | null }>({
    email: true,
    render: (d) => ({
      title: "A bot's live slippage is over its prediction",
      body: `Over its last ${d.samples} live orders, bot ${d.botId} paid on average ${d.meanExcessBps ?? 0} bps more slippage than predicted (alert over 100 bps). ${d.suggestedMaxSlippageBps === null ? '' : `Suggested maximum slippage: ${d.suggestedMaxSlippageBps} bps (now ${d.currentMaxSlippageBps === null ? 'no limit' : `${d.currentMaxSlippageBps} bps`}). `}Edit the bot's limit, or opt in to having it tightened automatically.`,
    }),
  }),
  'bot.slippage_tightened': template<{ readonly botId: string; readonly fromMaxSlippageBps: number | null; readonly toMaxSlippageBps: number; readonly meanExcessBps: number | null; readonly samples: number }>({
    email: true,
    render: (d) => ({
      title: "A bot's slippage limit was tightened",
      body: `Over its last ${d.samples} live orders, bot ${d.botId} paid on average ${d.meanExcessBps ?? 0} bps more slippage than predicted, so its maximum slippage went from ${d.fromMaxSlippageBps === null ? 'no limit' : `${d.fromMaxSlippageBps} bps`} to ${d.toMaxSlippageBps} bps, as you opted in to. Turn automatic tightening off or edit the limit in the bot's settings.`,
    }),
  }),
  'circuit_breaker.tripped': template<{ readonly name: string; readonly reason: string; readonly at: string }>({
    email: true,
    render: (d) => ({
      title: 'Live trading is paused: a circuit breaker tripped',
      body: `The ${d.name === 'exchange_errors' ? 'exchange-error' : d.name === 'bot_failures' ? 'bot-failure' : d.name} circuit breaker tripped at ${utc(d.at)}: ${d.reason}. No live order is posted until an operator resumes it (\`./polymancer resume-breaker ${d.name} --reason …\` or POST /api/v1/operator/breakers/${d.name}/resume), after checking the cause.`,
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
