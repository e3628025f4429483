/**
 * CLOB public market data through the official `@polymarket/clob-client-v2` (`getOrderBook`,
 * `getClobMarketInfo`), its answers parsed by our parsers into integer domain types. The client
 * speaks axios, so a custom `fetch` does not apply here; it has no timeout, so one is raced.
 */
import { isPolymancerError } from '@polymancer/core';
import { ApiError, Chain, ClobClient } from '@polymarket/clob-client-v2';
import { type ClobMarketInfo, parseClobMarketInfo } from '../clob/parse-market-info.ts';
import { parseClobBook, type ParsedBook } from '../clob/parse-book.ts';
import { type HttpSource, venueMalformed, venueUnavailable, withTimeout } from './errors.ts';

export interface ClobHttpOptions {
  readonly clobUrl: string;
  /** Default 10_000 ms. */
  readonly timeoutMs?: number;
}

export interface ClobHttp {
  getBook(tokenId: string): Promise<ParsedBook>;
  getMarketInfo(conditionId: string): Promise<ClobMarketInfo>;
}

const SOURCE: HttpSource = 'clob';

export function createClobHttp(options: ClobHttpOptions): ClobHttp {
  // Public reads only: no signer, no credentials. The chain only matters for signing.
  const client = new ClobClient({ host: options.clobUrl, chain: Chain.POLYGON, throwOnError: true });
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(work(), timeoutMs, SOURCE, operation);
    } catch (error) {
      if (error instanceof ApiError) throw venueUnavailable(SOURCE, operation, error.status);
      if (isPolymancerError(error)) throw error;
      // The client throws a plain Error when `/clob-markets` lacks its token list.
      throw venueUnavailable(SOURCE, operation, undefined, 'unexpected answer');
    }
  }

  return {
    async getBook(tokenId) {
      const body = await call('get book', () => client.getOrderBook(tokenId));
      const parsed = parseClobBook(body);
      if (!parsed.ok) throw venueMalformed(SOURCE, 'get book', parsed.error);
      return parsed.value;
    },
    async getMarketInfo(conditionId) {
      const body = await call('get market info', () => client.getClobMarketInfo(conditionId));
      const parsed = parseClobMarketInfo(body);
      if (!parsed.ok) throw venueMalformed(SOURCE, 'get market info', parsed.error);
      return parsed.value;
    },
  };
}
