/**
 * Market-maker agents for the synthetic markets: every `intervalMs` of simulator time each market's fair
 * value takes a seeded random-walk step (±2 ticks, kept within 5 %–95 %; the complement token quotes
 * 1 − fair), and the simulator's market maker re-quotes `levels` levels a side around it. Markets whose
 * end date has passed are resolved to the outcome priced above one half.
 *
 * Known limitations: outcomes of a neg-risk event walk independently (their fair values need not sum to 1);
 * quotes are replaced wholesale, so resting market-maker orders lose time priority at each step.
 */
import type { Exchange } from '../state/exchange.ts';
import type { Rng } from './rng.ts';
import type { SimMarket } from './types.ts';

const MICROS = 1_000_000;

export interface MarketMakerOptions {
  readonly intervalMs: number;
  readonly levels: number;
}

export class MarketMakerAgents {
  readonly #exchange: Exchange;
  readonly #rng: Rng;
  readonly #options: MarketMakerOptions;
  readonly #markets: SimMarket[];
  readonly #fair = new Map<SimMarket, number>();
  #lastStepMs: number;

  constructor(exchange: Exchange, markets: readonly SimMarket[], rng: Rng, options: MarketMakerOptions) {
    this.#exchange = exchange;
    this.#rng = rng;
    this.#options = options;
    this.#markets = [...markets];
    for (const market of markets) this.#fair.set(market, market.fairValueMicros.get(market.tokens[0]?.tokenId ?? '') ?? 500_000);
    this.#lastStepMs = exchange.nowMs();
  }

  fairValue(market: SimMarket): number | undefined {
    return this.#fair.get(market);
  }

  tick(): void {
    const now = this.#exchange.nowMs();
    const steps = Math.min(100, Math.floor((now - this.#lastStepMs) / this.#options.intervalMs));
    if (steps <= 0) return;
    this.#lastStepMs += steps * this.#options.intervalMs;
    const nowSecs = Math.floor(now / 1000);
    for (const market of this.#markets) {
      if (market.closed) continue;
      const tick = market.tickSizeMicros;
      let fair = this.#fair.get(market) ?? 500_000;
      for (let i = 0; i < steps; i += 1) fair += this.#rng.int(-2, 2) * tick;
      fair = Math.min(0.95 * MICROS, Math.max(0.05 * MICROS, Math.round(fair / tick) * tick));
      this.#fair.set(market, fair);
      if (Date.parse(market.endDateIso) / 1000 <= nowSecs) {
        const [first, second] = market.tokens;
        const winner = fair >= MICROS / 2 ? first : second;
        if (winner) this.#exchange.resolveMarket(market, winner.tokenId);
        continue;
      }
      const quotes = new Map<string, number>();
      market.tokens.forEach((token, index) => quotes.set(token.tokenId, index === 0 ? fair : MICROS - fair));
      this.#exchange.requote(market, this.#rng, quotes, this.#options.levels);
    }
  }
}
