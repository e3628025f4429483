/**
 * Order rules the exchange enforces before matching, with Polymarket's own error strings:
 * tick size and price range, amount precision (limit vs market orders), minimum size, marketable BUY
 * minimum of $1, and expiration (GTD needs expiration > now + 60 s security threshold; others need 0).
 * Pure: time is a parameter.
 */
import { amountDecimalsByTick, type SimMarket } from '../markets/types.ts';
import type { LimitRatio, Side, TimeInForce } from '../matching/types.ts';
import { decimalsOf, formatMicros, MICROS } from '../wire/decimal.ts';

export const GTD_SECURITY_THRESHOLD_SECS = 60;

export interface OrderTerms {
  readonly side: Side;
  readonly makerAmount: number;
  readonly takerAmount: number;
  readonly expirationSecs: number;
}

export interface CheckedOrder {
  readonly sizeMicros: number;
  readonly limit: LimitRatio;
  /** On-tick price for resting (GTC/GTD); the limit rounded toward the taker's side otherwise. */
  readonly priceMicros: number;
  /** Collateral the order commits at its limit (BUY: maker amount; SELL: taker amount). */
  readonly collateralMicros: number;
}

export type Checked = { readonly ok: true; readonly value: CheckedOrder } | { readonly ok: false; readonly error: string };

const fail = (error: string): Checked => ({ ok: false, error });

function priceText(collateral: number, shares: number): string {
  return formatMicros((BigInt(collateral) * BigInt(MICROS)) / BigInt(shares));
}

export function checkOrderTerms(orderId: string, terms: OrderTerms, orderType: TimeInForce, market: SimMarket, nowSecs: number): Checked {
  const { side, makerAmount, takerAmount } = terms;
  if (makerAmount <= 0 || takerAmount <= 0) return fail('Invalid order payload');
  const tick = market.tickSizeMicros;
  const amountDecimals = amountDecimalsByTick[tick] ?? 6;
  const shares = side === 'BUY' ? takerAmount : makerAmount;
  const collateral = side === 'BUY' ? makerAmount : takerAmount;
  const isMarket = orderType === 'FOK' || orderType === 'FAK';
  const sideWord = side === 'BUY' ? 'buy' : 'sell';

  if (isMarket) {
    if (decimalsOf(makerAmount) > 2 || decimalsOf(takerAmount) > amountDecimals) {
      return fail(
        `invalid amounts, the market ${sideWord} orders maker amount supports a max accuracy of 2 decimals, taker amount a max of ${amountDecimals} decimals`,
      );
    }
    if (side === 'BUY' && makerAmount < MICROS) {
      return fail(`invalid amount for a marketable BUY order ($${formatMicros(makerAmount)}), min size: $1`);
    }
  } else {
    const makerDecimals = side === 'BUY' ? amountDecimals : 2;
    const takerDecimals = side === 'BUY' ? 2 : amountDecimals;
    if (decimalsOf(makerAmount) > makerDecimals || decimalsOf(takerAmount) > takerDecimals) {
      return fail(
        `invalid amounts, the ${sideWord} orders maker amount supports a max accuracy of ${makerDecimals} decimals, taker amount a max of ${takerDecimals} decimals`,
      );
    }
  }

  const scaled = BigInt(collateral) * BigInt(MICROS);
  const exact = scaled % BigInt(shares) === 0n;
  // Market orders carry a worst-price ratio that need not sit on the tick; limit orders must.
  const priceMicros = Number(scaled / BigInt(shares));
  const onTick = exact && priceMicros % tick === 0;
  const inRange = priceMicros >= tick && priceMicros <= MICROS - tick;
  if (!isMarket && (!onTick || !inRange)) {
    return fail(`order ${orderId} is invalid. Price (${priceText(collateral, shares)}) breaks minimum tick size rule: ${formatMicros(tick)}`);
  }
  if (isMarket && (priceMicros <= 0 || priceMicros > MICROS)) {
    return fail(`order ${orderId} is invalid. Price (${priceText(collateral, shares)}) breaks minimum tick size rule: ${formatMicros(tick)}`);
  }
  if (!isMarket && shares < market.minOrderSizeMicros) {
    return fail(`order ${orderId} is invalid. Size (${formatMicros(shares)}) lower than the minimum: ${formatMicros(market.minOrderSizeMicros)}`);
  }

  if (orderType === 'GTD') {
    if (terms.expirationSecs <= nowSecs + GTD_SECURITY_THRESHOLD_SECS) return fail('invalid expiration');
  } else if (terms.expirationSecs !== 0) {
    return fail('invalid expiration');
  }

  return {
    ok: true,
    value: {
      sizeMicros: shares,
      limit: { collateralMicros: BigInt(collateral), sharesMicros: BigInt(shares) },
      priceMicros,
      collateralMicros: collateral,
    },
  };
}
