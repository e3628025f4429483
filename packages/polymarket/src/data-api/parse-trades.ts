/**
 * Data API `/trades` → trade prints in integers. Prices and sizes must be exact to 6 decimals (they are
 * on-chain amounts) or the payload is refused with the field's path, as every parser here does.
 */
import type { Result } from '@polymancer/core';
import type { PolymarketParseError } from '../errors.ts';
import { asArray, asObject, fail, guard, integer, reqMicros, reqString } from '../read.ts';

export interface TradePrintOnVenue {
  readonly conditionId: string;
  readonly tokenId: string;
  readonly outcome: string;
  /** The taker's side. */
  readonly side: 'buy' | 'sell';
  readonly priceMicros: number;
  readonly sizeMicros: number;
  readonly timestampMs: number;
  readonly transactionHash: string;
}

function parseTrade(value: unknown, path: string): TradePrintOnVenue {
  const o = asObject(value, path);
  const side = reqString(o, 'side', path);
  if (side !== 'BUY' && side !== 'SELL') fail(`${path}.side`, 'expected BUY or SELL');
  return {
    conditionId: reqString(o, 'conditionId', path),
    tokenId: reqString(o, 'asset', path),
    outcome: typeof o['outcome'] === 'string' ? o['outcome'] : '',
    side: side === 'BUY' ? 'buy' : 'sell',
    priceMicros: reqMicros(o, 'price', path),
    sizeMicros: reqMicros(o, 'size', path),
    timestampMs: integer(o['timestamp'], `${path}.timestamp`) * 1000,
    transactionHash: typeof o['transactionHash'] === 'string' ? o['transactionHash'] : '',
  };
}

/** The body of `GET /trades`, in the order the API sent it (newest first). */
export function parseDataApiTrades(body: unknown): Result<TradePrintOnVenue[], PolymarketParseError> {
  return guard(() => asArray(body, '$').map((item, i) => parseTrade(item, `$[${i}]`)));
}
