import type { Decision } from './decision.ts';
import type { StrategyInput } from './input.ts';

/**
 * The strategy port. `decide` never throws for expected conditions (thin book, no history, a
 * model that times out): those are `hold` decisions with a code. `now` is the tick's time; a
 * strategy reads no clock of its own.
 */
export interface Strategy<P = unknown> {
  readonly kind: string;
  decide(input: StrategyInput<P>, now: Date): Promise<Decision>;
}
