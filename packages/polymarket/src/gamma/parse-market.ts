import { parseScaledRounded, type Result } from '@polymancer/core';
import type { PolymarketParseError } from '../errors.ts';
import { parseGammaFeeSchedule } from '../fee-schedule.ts';
import { resolutionOf } from '../markets/resolution.ts';
import type { Market, MarketOutcome, MarketProtocol } from '../markets/types.ts';
import { asObject, fail, guard, type Obj, optBool, optDateMs, optMicros, optString, reqString, stringList } from '../read.ts';

/** One Gamma market (`GET /markets` item, or nested in an event) → `Market`. */
export function parseGammaMarket(json: unknown): Result<Market, PolymarketParseError> {
  return guard(() => readGammaMarket(json, '$'));
}

export function readGammaMarket(json: unknown, path: string): Market {
  const o: Obj = asObject(json, path);
  const conditionId = reqString(o, 'conditionId', path);
  const version = optString(o, 'version', path);
  const protocol: MarketProtocol = version === 'v2' ? 'v2' : 'v1';
  const idsKey = protocol === 'v2' ? 'positionIds' : 'clobTokenIds';
  const tokenIds = stringList(o[idsKey], `${path}.${idsKey}`) ?? [];
  const names = stringList(o.outcomes, `${path}.outcomes`) ?? [];
  const prices = stringList(o.outcomePrices, `${path}.outcomePrices`);
  if (tokenIds.length > 0 && tokenIds.length !== names.length) {
    fail(`${path}.${idsKey}`, `${tokenIds.length} token ids for ${names.length} outcomes`);
  }
  const outcomes: MarketOutcome[] = tokenIds.map((tokenId, i) => ({
    outcome: names[i] ?? '',
    tokenId,
    priceMicros: displayPrice(prices?.[i], `${path}.outcomePrices[${i}]`),
  }));
  const closed = optBool(o, 'closed', path) ?? false;
  return {
    source: 'gamma',
    conditionId,
    question: optString(o, 'question', path) ?? '',
    slug: optString(o, 'slug', path),
    gammaId: optString(o, 'id', path),
    protocol,
    outcomes,
    tickSizeMicros: optMicros(o, 'orderPriceMinTickSize', path),
    minOrderSizeMicros: optMicros(o, 'orderMinSize', path),
    negRisk: optBool(o, 'negRisk', path) ?? false,
    feeSchedule: parseGammaFeeSchedule(o.feeSchedule, `${path}.feeSchedule`),
    feesEnabled: optBool(o, 'feesEnabled', path),
    endDateMs: optDateMs(o, 'endDate'),
    active: optBool(o, 'active', path) ?? false,
    closed,
    archived: optBool(o, 'archived', path) ?? false,
    acceptingOrders: optBool(o, 'acceptingOrders', path),
    enableOrderBook: optBool(o, 'enableOrderBook', path),
    resolution: resolutionOf(closed, outcomes),
  };
}

/** Gamma outcome prices are display values (up to 34 decimals on legacy markets): rounded half-even. */
function displayPrice(text: string | undefined, path: string): number | undefined {
  if (text === undefined) return undefined;
  const r = parseScaledRounded(text, 6, 'half-even');
  if (!r.ok) fail(path, r.error.message);
  return r.value;
}
