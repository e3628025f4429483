/**
 * Renders a bot's prompt template. Placeholders (`{{question}}`, `{{prices}}`, … see
 * LLM_PROMPT_PLACEHOLDERS) are filled with exact decimals from integer micros; the answer format is
 * fixed by the system instructions, so a user's template cannot break it.
 */
import { formatMicros } from '@polymancer/core';
import { bestAsk, bestBid, type BookLevel, type LlmPromptPlaceholder, midpointMicros, type StrategyInput, type TokenView } from '@polymancer/strategies';

/** Levels per side shown in the book summary. */
const BOOK_DEPTH = 5;

export const LLM_INSTRUCTIONS = [
  'You are a careful trading assistant for Polymarket prediction markets.',
  'Each outcome share pays 1 pUSD if that outcome wins and 0 otherwise, so a price is a probability between 0 and 1.',
  'Answer with one JSON object only, matching the given schema:',
  '- action: "buy", "sell" or "hold".',
  '- token: the outcome label or token id to trade (null when holding).',
  '- amount: for a buy, the pUSD to spend; for a sell, the number of shares; a plain decimal string (null when holding).',
  '- limitPrice: the worst price per share you accept, a decimal string on the tick (null when holding).',
  '- reasoning: a short explanation; confidence: an integer from 0 to 100.',
  'Orders are fill-or-kill: they fill completely at or better than the limit, or not at all. Never spend more than the balance or sell more shares than held.',
].join('\n');

const fmt = (micros: number) => formatMicros(micros);

function side(levels: readonly BookLevel[], order: 'asc' | 'desc'): string {
  const sorted = levels.filter((l) => l.sizeMicros > 0).sort((a, b) => (order === 'asc' ? a.priceMicros - b.priceMicros : b.priceMicros - a.priceMicros));
  if (sorted.length === 0) return 'none';
  const shown = sorted.slice(0, BOOK_DEPTH).map((l) => `${fmt(l.priceMicros)} × ${fmt(l.sizeMicros)}`);
  const total = sorted.reduce((sum, l) => sum + l.sizeMicros, 0);
  return `${shown.join(', ')}${sorted.length > BOOK_DEPTH ? `, … (${sorted.length} levels)` : ''}; ${fmt(total)} shares in total`;
}

function prices(t: TokenView): string {
  const bid = bestBid(t.book);
  const ask = bestAsk(t.book);
  const mid = midpointMicros(t.book);
  const last = t.trades[t.trades.length - 1];
  return [
    `${t.outcome}: best bid ${bid === undefined ? 'none' : fmt(bid.priceMicros)}`,
    `best ask ${ask === undefined ? 'none' : fmt(ask.priceMicros)}`,
    `midpoint ${mid === undefined ? 'none' : fmt(mid)}`,
    `last trade ${last === undefined ? 'none' : fmt(last.priceMicros)}`,
    `recent midpoints ${t.midpoints.length === 0 ? 'none' : t.midpoints.slice(-10).map((m) => fmt(m.priceMicros)).join(' → ')}`,
  ].join(', ');
}

function position(t: TokenView): string {
  if (t.position.sharesMicros <= 0) return `${t.outcome}: no shares`;
  return `${t.outcome}: ${fmt(t.position.sharesMicros)} shares at an average entry of ${fmt(t.position.avgEntryPriceMicros)}`;
}

export function promptValues(input: StrategyInput, now: Date): Record<LlmPromptPlaceholder, string> {
  return {
    question: input.market.question,
    outcomes: input.market.outcomes.map((o) => `${o.outcome} → ${o.tokenId}`).join('; '),
    prices: input.tokens.map(prices).join('\n'),
    book: input.tokens.map((t) => `${t.outcome}: bids ${side(t.book.bids, 'desc')} | asks ${side(t.book.asks, 'asc')}`).join('\n'),
    position: input.tokens.map(position).join('; '),
    balance: fmt(input.balanceMicros),
    tickSize: fmt(input.market.tickSizeMicros),
    minOrderSize: fmt(input.market.minOrderSizeMicros),
    now: now.toISOString(),
  };
}

/** Fills `{{placeholder}}`s; unknown ones (refused by the params schema anyway) are left as written. */
export function renderPrompt(template: string, input: StrategyInput, now: Date): string {
  const values: Record<string, string> = promptValues(input, now);
  return template.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}
