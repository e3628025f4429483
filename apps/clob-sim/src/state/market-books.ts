/**
 * The market registry and its books. A two-outcome market has ONE book, kept in its first outcome's terms;
 * the second outcome's orders rest mirrored (opposite side, price 1 − p) and every view of the second
 * token mirrors back, so each token's book shows the other's orders, as Polymarket's do. Markets with
 * another number of tokens keep one book per token.
 */
import type { SimMarket } from '../markets/types.ts';
import { OrderBook, type PriceLevel } from '../matching/order-book.ts';
import type { Side } from '../matching/types.ts';

const MICROS = 1_000_000;

const opposite = (side: Side): Side => (side === 'BUY' ? 'SELL' : 'BUY');

export class MarketBooks {
  readonly markets: SimMarket[] = [];
  readonly #byId = new Map<string, SimMarket>();
  readonly #byToken = new Map<string, SimMarket>();
  readonly #books = new Map<string, OrderBook>();

  add(market: SimMarket): SimMarket {
    this.markets.push(market);
    this.#byId.set(market.conditionId.toLowerCase(), market);
    const shared = market.tokens.length === 2 ? new OrderBook() : undefined;
    for (const token of market.tokens) {
      this.#byToken.set(token.tokenId, market);
      this.#books.set(token.tokenId, shared ?? new OrderBook());
    }
    return market;
  }

  market(conditionId: string): SimMarket | undefined {
    return this.#byId.get(conditionId.toLowerCase());
  }

  marketByToken(tokenId: string): SimMarket | undefined {
    return this.#byToken.get(tokenId);
  }

  /** The raw book a token's orders rest in (shared by both outcomes of a two-outcome market). */
  rawBook(tokenId: string): OrderBook | undefined {
    return this.#books.get(tokenId);
  }

  /** Orders on this token rest mirrored (second outcome of a two-outcome market). */
  isMirrored(tokenId: string): boolean {
    const market = this.#byToken.get(tokenId);
    return market !== undefined && market.tokens.length === 2 && market.tokens[1]?.tokenId === tokenId;
  }

  /** The token whose terms its book is kept in (what book-change events name). */
  bookToken(tokenId: string): string {
    const market = this.#byToken.get(tokenId);
    return market && market.tokens.length === 2 ? (market.tokens[0]?.tokenId ?? tokenId) : tokenId;
  }

  /** A token's price levels, best first, in its own terms. */
  levels(tokenId: string, side: Side): PriceLevel[] {
    const book = this.#books.get(tokenId);
    if (!book) return [];
    if (!this.isMirrored(tokenId)) return book.levels(side);
    return book.levels(opposite(side)).map((l) => ({ priceMicros: MICROS - l.priceMicros, sizeMicros: l.sizeMicros }));
  }

  /** A token's best price in its own terms, from the live book. */
  bestPrice(tokenId: string, side: Side): number | undefined {
    const book = this.#books.get(tokenId);
    if (!this.isMirrored(tokenId)) return book?.bestPrice(side);
    const head = book?.bestPrice(opposite(side));
    return head === undefined ? undefined : MICROS - head;
  }
}
