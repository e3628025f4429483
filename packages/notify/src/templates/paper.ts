/** Notifications of the paper engine (`@polymancer/bots`). */
import { formatMicros } from '@polymancer/core';
import { template, utc } from './template.ts';

const usd = (micros: number) => formatMicros(micros, 2);

export const paperTemplates = {
  'bot.daily_loss_stopped': template<{ readonly botId: string; readonly botName: string; readonly utcDay: string; readonly lossMicros: number; readonly limitMicros: number; readonly resumesAt: string }>({
    email: true,
    render: (d) => ({
      title: `${d.botName} stopped for the day`,
      body: `${d.botName} lost $${usd(d.lossMicros)} today (UTC ${d.utcDay}), reaching its daily loss limit of $${usd(d.limitMicros)}. It makes no trades until ${utc(d.resumesAt)}; neither resuming it nor changing its settings lifts the stop. You can still ask it to reduce its positions (risk-reducing sells only).`,
    }),
  }),
  'bot.live_preflight_held': template<{ readonly botId: string; readonly botName: string; readonly conditionId: string; readonly checks: ReadonlyArray<{ readonly id: string; readonly message: string; readonly fix: string | null }> }>({
    email: true,
    render: (d) => ({
      title: `${d.botName} is held: its live order would fail`,
      body: `Before placing a live order, ${d.botName} checked why Polymarket could refuse it and found a problem, so it placed nothing. It holds and checks again on every tick until this is fixed:\n\n${d.checks.map((c) => `- ${c.message}${c.fix === null ? '' : ` Fix: ${c.fix}`}`).join('\n')}\n\nYou are told again only if the reason changes.`,
    }),
  }),
  'bot.live_exchange_held': template<{ readonly botId: string; readonly botName: string; readonly code: string; readonly message: string; readonly retryAt: string }>({
    email: true,
    render: (d) => ({
      title: `${d.botName} is holding: Polymarket takes no new orders`,
      body: `${d.message} Polymarket refused ${d.botName}'s order, so it holds: it places no order until ${utc(d.retryAt)}, then tries again, and goes on holding while Polymarket keeps refusing. Nothing for you to fix; its open positions are untouched.\n\nYou are told once; again only if this happens again after the bot has traded.`,
    }),
  }),
  'bot.live_gas_low': template<{ readonly botId: string; readonly botName: string; readonly message: string; readonly fix: string }>({
    email: true,
    render: (d) => ({
      title: `${d.botName}: its wallet is low on POL for gas`,
      body: `${d.message} ${d.botName} keeps trading for now, but under 0.01 POL it is held and places no live order. Fix: ${d.fix}\n\nYou are told once; again only if gas runs low again after it was topped up.`,
    }),
  }),
};
