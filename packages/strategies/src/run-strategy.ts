/**
 * Runs a bot's configured strategy. Guarantees: it never throws; a missing strategy (no LLM
 * configured), a strategy that throws, or a trade that cannot be an order all come back as `hold`
 * with a code and the reason, keeping any usage already spent (an LLM call that cost money).
 */
import { formatMicros, MIN_MARKETABLE_BUY_MICROS } from '@polymancer/core';
import { sharesFor } from './book-math.ts';
import { tradeProblem } from './check-decision.ts';
import { type BuyDecision, type Decision, hold } from './decision.ts';
import { fitBuyAmount } from './fee-fit.ts';
import { meanReversionStrategy } from './built-in/mean-reversion.ts';
import { momentumStrategy } from './built-in/momentum.ts';
import type { StrategyInput, TokenView } from './input.ts';
import type { LlmParams, MeanReversionParams, MomentumParams, StrategyConfig } from './params.ts';
import type { Strategy } from './strategy.ts';

/** The strategies a process can run; the LLM one exists only when OpenRouter is configured. */
export interface StrategySet {
  readonly 'mean-reversion': Strategy<MeanReversionParams>;
  readonly momentum: Strategy<MomentumParams>;
  readonly llm?: Strategy<LlmParams> | undefined;
}

export function builtInStrategies(llm?: Strategy<LlmParams>): StrategySet {
  return { 'mean-reversion': meanReversionStrategy, momentum: momentumStrategy, llm };
}

export async function runStrategy(
  strategies: StrategySet,
  config: StrategyConfig,
  input: Omit<StrategyInput, 'params'>,
  now: Date,
): Promise<Decision> {
  let decision: Decision;
  try {
    switch (config.kind) {
      case 'mean-reversion':
        decision = await strategies['mean-reversion'].decide({ ...input, params: config.params }, now);
        break;
      case 'momentum':
        decision = await strategies.momentum.decide({ ...input, params: config.params }, now);
        break;
      case 'llm': {
        const llm = strategies.llm;
        if (llm === undefined) return hold('strategy_unavailable', 'the LLM strategy is not available: no OpenRouter API key is configured');
        decision = await llm.decide({ ...input, params: config.params }, now);
        break;
      }
    }
  } catch (error) {
    return hold('strategy_error', `the ${config.kind} strategy failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (decision.kind === 'hold') return decision;
  const problem = tradeProblem(decision, input);
  if (problem !== undefined) return hold('strategy_error', `the ${config.kind} strategy proposed an invalid trade: ${problem}`, decision.usage);
  return decision.side === 'buy' ? fitBuyDecision(decision, input) : decision;
}

/**
 * Every buy, whoever sized it (an LLM names an amount without knowing the fee), is shrunk so that
 * amount + fee fits the balance; one that no longer reaches the $1 / minimum order size becomes a
 * hold instead of a rejection on every tick. (The bot's caps are the strategy's to respect — the
 * built-ins size within them — and the guards' to enforce, with the rejection recorded.)
 */
function fitBuyDecision(decision: BuyDecision, input: Omit<StrategyInput, 'params'>): Decision {
  const token = input.tokens.find((t) => t.tokenId === decision.tokenId) as TokenView;
  const amountMicros = fitBuyAmount(input.market, token, input.fees, decision.amountMicros, decision.limitPriceMicros, input.balanceMicros);
  if (amountMicros === decision.amountMicros) return decision;
  if (amountMicros < MIN_MARKETABLE_BUY_MICROS || sharesFor(amountMicros, decision.limitPriceMicros) < input.market.minOrderSizeMicros) {
    return hold('insufficient_balance', `${token.outcome}: a buy that fits the balance with its fee would be below the minimum order size`, decision.usage);
  }
  return { ...decision, amountMicros, reasoning: `${decision.reasoning} (sized to ${formatMicros(amountMicros)} pUSD so that amount + fee fit the balance)` };
}
