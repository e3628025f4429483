/**
 * The last gate between any strategy and the simulator: a trade must name a watched token, carry a
 * limit on the tick strictly inside (0, 1), a positive integer size the bot can cover (collateral
 * for buys, held shares for sells) and a confidence in 0..1000. Risk rules come later; this only
 * refuses intents that cannot be orders at all.
 */
import { ONE_DOLLAR_MICROS, isOnTick } from './book-math.ts';
import type { TradeDecision } from './decision.ts';
import type { StrategyInput } from './input.ts';

/** `undefined` when the trade is well formed, else why not. */
export function tradeProblem(decision: TradeDecision, input: Pick<StrategyInput, 'market' | 'tokens' | 'balanceMicros'>): string | undefined {
  const token = input.tokens.find((t) => t.tokenId === decision.tokenId);
  if (token === undefined) return `token ${decision.tokenId} is not watched in this market`;
  const tick = input.market.tickSizeMicros;
  const limit = decision.limitPriceMicros;
  if (!Number.isSafeInteger(limit) || limit <= 0 || limit >= ONE_DOLLAR_MICROS) return 'the limit price must be strictly between 0 and 1';
  if (!isOnTick(limit, tick)) return `the limit price ${limit} micros is not on the tick of ${tick} micros`;
  if (!Number.isSafeInteger(decision.confidencePerMille) || decision.confidencePerMille < 0 || decision.confidencePerMille > 1000) {
    return 'confidence must be an integer from 0 to 1000';
  }
  if (decision.side === 'buy') {
    if (!Number.isSafeInteger(decision.amountMicros) || decision.amountMicros <= 0) return 'the buy amount must be a positive whole number of micros';
    if (decision.amountMicros > input.balanceMicros) return `the buy amount ${decision.amountMicros} exceeds the balance ${input.balanceMicros}`;
    return undefined;
  }
  if (!Number.isSafeInteger(decision.sharesMicros) || decision.sharesMicros <= 0) return 'the sell size must be a positive whole number of share micros';
  if (decision.sharesMicros > token.position.sharesMicros) return `the sell size ${decision.sharesMicros} exceeds the ${token.position.sharesMicros} shares held`;
  return undefined;
}
