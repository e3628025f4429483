/**
 * What a strategy answers: an intent to trade (fill-or-kill, bounded by a limit price) or "hold",
 * always with reasoning. A hold carries a stable `code` so the decision log can be filtered by why.
 */

/** Tokens and money an LLM decision spent. `costMicros` is pUSD/USD micros, rounded up. */
export interface DecisionUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costMicros: number;
  /** Where `costMicros` came from: the provider's own accounting, the bot's per-model prices, or neither (0). */
  readonly costSource?: 'provider' | 'price-params' | 'none';
}

export type HoldCode =
  /** The strategy looked and saw nothing to do. */
  | 'no_signal'
  | 'empty_book'
  | 'insufficient_history'
  | 'no_position'
  | 'insufficient_balance'
  | 'insufficient_depth'
  | 'below_min_order_size'
  | 'position_limit'
  | 'strategy_unavailable'
  | 'strategy_error'
  | 'invalid_params'
  /** The model chose to hold. */
  | 'llm_hold'
  | 'llm_timeout'
  /** The answer was not JSON or did not match the answer schema. */
  | 'llm_malformed_answer'
  /** The answer parsed but cannot be an order (unknown token, off-tick price, bad amount). */
  | 'llm_invalid_answer'
  /** The provider failed (HTTP error, network, refusal). */
  | 'llm_error';

export interface HoldDecision {
  readonly kind: 'hold';
  readonly code: HoldCode;
  readonly reasoning: string;
  readonly usage?: DecisionUsage;
}

interface TradeDecisionBase {
  readonly kind: 'trade';
  readonly tokenId: string;
  /** Worst acceptable price in micros per share, on the market's tick. */
  readonly limitPriceMicros: number;
  readonly reasoning: string;
  /** 0..1000. */
  readonly confidencePerMille: number;
  readonly usage?: DecisionUsage;
}

/** Spend up to `amountMicros` of collateral, paying at most `limitPriceMicros` a share. */
export interface BuyDecision extends TradeDecisionBase {
  readonly side: 'buy';
  readonly amountMicros: number;
}

/** Sell `sharesMicros` shares, receiving at least `limitPriceMicros` a share. */
export interface SellDecision extends TradeDecisionBase {
  readonly side: 'sell';
  readonly sharesMicros: number;
}

export type TradeDecision = BuyDecision | SellDecision;
export type Decision = HoldDecision | TradeDecision;

export function hold(code: HoldCode, reasoning: string, usage?: DecisionUsage): HoldDecision {
  return usage === undefined ? { kind: 'hold', code, reasoning } : { kind: 'hold', code, reasoning, usage };
}
