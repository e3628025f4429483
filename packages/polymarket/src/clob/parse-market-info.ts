import { type FeeSchedule, isValidTickSize, type Result } from '@polymancer/core';
import type { PolymarketParseError } from '../errors.ts';
import { parseClobFeeDetails } from '../fee-schedule.ts';
import { asArray, asObject, fail, guard, type Obj, optBool, optInteger, optMicros, optString, reqMicros, reqString } from '../read.ts';

/** `/clob-markets/{condition_id}`: what order building and fees need, per condition. */
export interface ClobMarketInfo {
  readonly conditionId: string;
  readonly tokens: readonly { readonly tokenId: string; readonly outcome: string }[];
  readonly tickSizeMicros: number;
  readonly negRisk: boolean;
  /** From `fd`; zero rate when absent, as the client reads it. */
  readonly feeSchedule: FeeSchedule;
  readonly makerBaseFeeBps: number | undefined;
  readonly takerBaseFeeBps: number | undefined;
  readonly minOrderSizeMicros: number | undefined;
  readonly acceptingOrders: boolean | undefined;
  readonly secondsDelay: number | undefined;
  readonly gameStartTime: string | undefined;
}

export function parseClobMarketInfo(json: unknown): Result<ClobMarketInfo, PolymarketParseError> {
  return guard(() => {
    const o: Obj = asObject(json, '$');
    // The client throws "failed to fetch market info" without `t`; so do we, as a value.
    const tokens = asArray(o.t, '$.t').flatMap((t, i) => {
      if (t === null) return [];
      const tok = asObject(t, `$.t[${i}]`);
      return [{ tokenId: reqString(tok, 't', `$.t[${i}]`), outcome: reqString(tok, 'o', `$.t[${i}]`) }];
    });
    const tickSizeMicros = reqMicros(o, 'mts', '$');
    if (!isValidTickSize(tickSizeMicros)) fail('$.mts', `tick size ${tickSizeMicros} micros is not a Polymarket tick`);
    return {
      conditionId: reqString(o, 'c', '$'),
      tokens,
      tickSizeMicros,
      negRisk: optBool(o, 'nr', '$') ?? false,
      feeSchedule: parseClobFeeDetails(o.fd, '$.fd'),
      makerBaseFeeBps: optInteger(o, 'mbf', '$'),
      takerBaseFeeBps: optInteger(o, 'tbf', '$'),
      minOrderSizeMicros: optMicros(o, 'mos', '$'),
      acceptingOrders: optBool(o, 'ao', '$'),
      secondsDelay: optInteger(o, 'sd', '$'),
      gameStartTime: optString(o, 'gst', '$'),
    };
  });
}
