import type { OrderBook } from '../book/types.ts';
import type { Result } from '../result.ts';
import { fillOrKill } from './fill-or-kill.ts';
import type { FokFill, FokOptions, FokRejection, FokRequest } from './types.ts';

/** The fill-simulation port: how a paper order meets a book. */
export interface FillModel {
  readonly kind: string;
  simulate(book: OrderBook, request: FokRequest): Result<FokFill, FokRejection>;
}

/** Fill-or-kill against visible depth, level by level (see `fill-or-kill.ts`). */
export class BookWalkFillModel implements FillModel {
  readonly kind = 'book-walk';
  readonly #options: FokOptions;
  constructor(options: FokOptions) {
    this.#options = options;
  }
  simulate(book: OrderBook, request: FokRequest): Result<FokFill, FokRejection> {
    return fillOrKill(book, request, this.#options);
  }
}
