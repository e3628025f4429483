/**
 * Runs a bot's configured strategy. Guarantees: it never throws; a missing strategy (no LLM
 * configured), a strategy that throws, or a trade that cannot be an order all come back as `hold`
 * with a code and the reason, keeping any usage already spent (an LLM call that cost money).
 */
import { tradeProblem } from './check-decision.ts';
import { type Decision, hold } from './decision.ts';
import { meanReversionStrategy } from './built-in/mean-reversion.ts';
import { momentumStrategy } from './built-in/momentum.ts';
import type { StrategyInput } from './input.ts';
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
  if (problem === undefined) return decision;
  return hold('strategy_error', `the ${config.kind} strategy proposed an invalid trade: ${problem}`, decision.usage);
}
