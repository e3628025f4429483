/**
 * Turns a schema-valid answer into a decision, or says why it cannot be one. Decimal strings become
 * micros exactly (core's parser: no floats, no rounding); the limit must sit on the market's tick
 * strictly inside (0, 1); the token must be a watched outcome; a buy may not exceed the balance and
 * is capped by the bot's `maxOrderAmountMicros`; a sell may not exceed the shares held.
 */
import { formatMicros, parseMicros } from '@polymancer/core';
import { type Decision, type DecisionUsage, hold, isOnTick, type LlmParams, ONE_DOLLAR_MICROS, type StrategyInput, type TradeDecision, tradeProblem } from '@polymancer/strategies';
import type { LlmAnswer } from './answer.ts';

const MAX_REASONING_CHARS = 2_000;

export type Converted = { readonly ok: true; readonly decision: Decision } | { readonly ok: false; readonly reason: string };

const bad = (reason: string): Converted => ({ ok: false, reason });

export function answerToDecision(answer: LlmAnswer, input: StrategyInput<LlmParams>, usage: DecisionUsage | undefined): Converted {
  const reasoning = answer.reasoning.trim().slice(0, MAX_REASONING_CHARS) || '(no reasoning given)';
  if (answer.action === 'hold') return { ok: true, decision: hold('llm_hold', reasoning, usage) };

  const wanted = (answer.token ?? '').trim();
  const token = input.tokens.find((t) => t.tokenId === wanted) ?? input.tokens.find((t) => t.outcome.toLowerCase() === wanted.toLowerCase());
  if (token === undefined) return bad(`token ${JSON.stringify(wanted.slice(0, 80))} is not a watched outcome (${input.tokens.map((t) => t.outcome).join(', ')})`);

  const limit = parseMicros(answer.limitPrice ?? '');
  if (!limit.ok) return bad(`limit price: ${limit.error.message}`);
  const limitPriceMicros = limit.value;
  if (limitPriceMicros <= 0 || limitPriceMicros >= ONE_DOLLAR_MICROS) return bad(`limit price ${answer.limitPrice} is not between 0 and 1`);
  if (!isOnTick(limitPriceMicros, input.market.tickSizeMicros)) {
    return bad(`limit price ${answer.limitPrice} is not on the tick ${formatMicros(input.market.tickSizeMicros)}`);
  }

  const amount = parseMicros(answer.amount ?? '');
  if (!amount.ok) return bad(`amount: ${amount.error.message}`);
  if (amount.value <= 0) return bad('amount must be positive');

  const confidencePerMille = answer.confidence * 10;
  let decision: TradeDecision;
  if (answer.action === 'buy') {
    const cap = input.params.maxOrderAmountMicros;
    const amountMicros = cap === undefined ? amount.value : Math.min(amount.value, cap);
    decision = { kind: 'trade', side: 'buy', tokenId: token.tokenId, amountMicros, limitPriceMicros, confidencePerMille, reasoning };
  } else {
    decision = { kind: 'trade', side: 'sell', tokenId: token.tokenId, sharesMicros: amount.value, limitPriceMicros, confidencePerMille, reasoning };
  }
  const problem = tradeProblem(decision, input);
  if (problem !== undefined) return bad(problem);
  return { ok: true, decision: usage === undefined ? decision : { ...decision, usage } };
}
