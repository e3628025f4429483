/**
 * Order intake: decode a posted order, check who may post it, verify its signature for the token's
 * exchange and this chain, check its terms (tick, precision, size, expiration, duplicate) and that the
 * maker's balance and allowance cover it beyond what its live orders reserve. Accepted orders go to
 * matching (`executeOrder` in fills.ts). Every refusal carries Polymarket's status and text.
 */
import { takerFeeMicros } from '../matching/fee.ts';
import type { OrderBook } from '../matching/order-book.ts';
import type { IncomingOrder } from '../matching/types.ts';
import { crosses } from '../matching/engine.ts';
import type { SimMarket } from '../markets/types.ts';
import { decodeSubmission } from '../orders/decode.ts';
import { checkOrderTerms } from '../orders/validate.ts';
import { exchangeDomain, orderHash, verifyOrderSignature } from '../orders/verify.ts';
import { MICROS } from '../wire/decimal.ts';
import type { ApiKeyRecord } from './api-keys.ts';
import { nowSecs, spenderAddress, type ExchangeCore } from './core.ts';
import { executeOrder, type PlaceOutcome } from './fills.ts';
import { checkFunds } from './funds.ts';

const fail = (status: number, error: string): PlaceOutcome => ({ ok: false, status, error });

/**
 * An upper bound of the taker fee a crossing BUY can incur: fills happen at prices between the best ask
 * and the order's own (worst) price, so a budget buys at most budget / bestAsk shares, and the fee's
 * p(1−p) is largest at the price of that range nearest ½ — the order's price when it is on one side of
 * ½, as Polymarket's clients assume when they size a buy to the balance. The fee charged is the exact one.
 */
function feeReserve(market: SimMarket, budgetMicros: number, sizeMicros: number, bestAskMicros: number, orderPriceMicros: number, isMarketBuy: boolean): number {
  const maxShares = isMarketBuy ? Number((BigInt(budgetMicros) * BigInt(MICROS)) / BigInt(bestAskMicros)) : sizeMicros;
  const worstFeePrice = Math.min(Math.max(MICROS / 2, bestAskMicros), Math.max(orderPriceMicros, bestAskMicros));
  const fee = takerFeeMicros(market.fee, maxShares, worstFeePrice);
  return fee === 0 ? 0 : fee + 10;
}

export async function placeOrder(core: ExchangeCore, key: ApiKeyRecord, payload: unknown): Promise<PlaceOutcome> {
  const decoded = decodeSubmission(payload);
  if (!decoded.ok) return decoded.error === 'version_mismatch' ? fail(400, 'order_version_mismatch') : fail(400, 'Invalid order payload');
  const { order, owner, orderType, postOnly } = decoded.value;
  if (owner !== key.key) return fail(400, 'the order owner has to be the owner of the API KEY');
  if (postOnly && (orderType === 'FOK' || orderType === 'FAK')) return fail(400, 'invalid post-only order: only GTC and GTD order types are allowed');
  const market = core.registry.marketByToken(order.tokenId);
  if (!market) return fail(400, 'Invalid token id');
  // Deposit wallets (type 3) sign as the wallet itself; its registered owner holds the API key.
  const signer = order.signer.toLowerCase();
  // A wallet unknown to the registry is vouched for by its own isValidSignature when a chain is attached.
  const unknownDepositWallet = order.signatureType === 3 && core.wallets.ownerOf(signer) === undefined && core.erc1271 !== undefined;
  const signerAllowed =
    signer === key.address || (order.signatureType === 3 && core.wallets.ownerOf(signer)?.owner === key.address) || unknownDepositWallet;
  if (!signerAllowed) return fail(400, 'the order signer address has to be the address of the API KEY');
  // Account restrictions are the API key's account's (the owner EOA for deposit wallets).
  const flags = core.wallets.flags(key.address);
  if (flags.newAccount && order.signatureType !== 3) return fail(400, 'maker address not allowed, please use the deposit wallet flow');
  if (flags.closedOnly && order.side === 'BUY') return fail(400, 'this account is in closed-only mode: it may only close positions');

  const version = market.exchangeVersion === 3 ? '3' : '2';
  const spender = spenderAddress(core, market);
  const domain = exchangeDomain(version, core.chainId, spender);
  const id = orderHash(order, domain);
  const signature = await verifyOrderSignature(order, domain, core.wallets, id, core.erc1271, core.signerKeys);
  if (signature === 'invalid_signature') return fail(400, 'invalid signature');
  if (signature === 'maker_not_allowed') return fail(400, 'maker address not allowed');
  if (!market.acceptingOrders) return fail(400, 'the market is not yet ready to process new orders');
  // A replayed market shows its recorded books (paper bots trade on them) but cannot match against a recording.
  if (market.replayed === true) return fail(400, 'the market is replayed from a recording: orders are not matched against recorded books');
  if (core.store.has(id)) return fail(400, `order ${id} is invalid. Duplicated.`);

  const now = nowSecs(core);
  const checked = checkOrderTerms(id, order, orderType, market, now);
  if (!checked.ok) return fail(400, checked.error);
  const terms = checked.value;

  const maker = order.maker.toLowerCase();
  await core.chainFunds?.refresh(maker, [order.tokenId]);
  const book = core.registry.rawBook(order.tokenId) as OrderBook;
  const reserved = core.store.reserved(maker);
  const wallet = core.wallets.get(maker);
  const allowance = order.side === 'BUY' ? core.wallets.allowance(maker, spender) : core.wallets.tokenAllowance(maker, spender);
  const isMarketBuy = order.side === 'BUY' && (orderType === 'FOK' || orderType === 'FAK');
  // Orders on the second outcome of a two-outcome market enter its shared book mirrored.
  const mirrored = core.registry.isMirrored(order.tokenId);
  const incoming: IncomingOrder = {
    orderId: id,
    makerAddress: maker,
    side: mirrored ? (order.side === 'BUY' ? 'SELL' : 'BUY') : order.side,
    limit: mirrored ? { collateralMicros: terms.limit.sharesMicros - terms.limit.collateralMicros, sharesMicros: terms.limit.sharesMicros } : terms.limit,
    sizeMicros: terms.sizeMicros,
    ...(isMarketBuy ? { budgetMicros: terms.collateralMicros } : {}),
    ...(mirrored ? { mirrored: true } : {}),
    restingPriceMicros: mirrored ? MICROS - terms.priceMicros : terms.priceMicros,
    timeInForce: orderType,
    postOnly,
  };
  const head = book.side(incoming.side === 'BUY' ? 'SELL' : 'BUY')[0];
  const crossesNow = order.side === 'BUY' && head !== undefined && crosses(incoming, head.priceMicros);
  const headOwnPrice = head === undefined ? MICROS : mirrored ? MICROS - head.priceMicros : head.priceMicros;
  const shortfall = checkFunds(
    order.side === 'BUY'
      ? {
          side: 'BUY',
          needMicros: terms.collateralMicros + (crossesNow ? feeReserve(market, terms.collateralMicros, terms.sizeMicros, headOwnPrice, terms.priceMicros, isMarketBuy) : 0),
          balanceMicros: wallet.collateralMicros,
          reservedMicros: reserved.collateralMicros,
          allowance,
        }
      : {
          side: 'SELL',
          needMicros: terms.sizeMicros,
          balanceMicros: wallet.tokens.get(order.tokenId) ?? 0,
          reservedMicros: reserved.tokens.get(order.tokenId) ?? 0,
          allowance,
        },
  );
  if (shortfall) return fail(400, shortfall);

  return executeOrder(core, {
    key,
    market,
    book,
    incoming,
    id,
    tokenId: order.tokenId,
    side: order.side,
    priceMicros: terms.priceMicros,
    sizeMicros: terms.sizeMicros,
    orderType,
    createdAtSecs: now,
    expirationSecs: order.expirationSecs,
    spender: spender.toLowerCase(),
  });
}
