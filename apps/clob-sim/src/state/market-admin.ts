/**
 * Market administration: create markets, seed and replace the simulator's market-maker quotes, change a
 * tick size, resolve a market and redeem its positions, and fund wallets (the admin API and seeding).
 */
import { randomUUID } from 'node:crypto';
import { keccak256, toHex } from 'viem';
import { UNLIMITED_ALLOWANCE } from '../config.ts';
import { buildMarket, type MarketSpec } from '../markets/seed.ts';
import type { SimMarket } from '../markets/types.ts';
import type { Side } from '../matching/types.ts';
import { MICROS } from '../wire/decimal.ts';
import { cancelOrder } from './cancels.ts';
import { bookChanged, MARKET_MAKER_ADDRESS, nowSecs, spenderAddress, type ExchangeCore } from './core.ts';
import type { SimOrder } from './types.ts';

export interface QuoteRng {
  int(min: number, max: number): number;
}

export function createMarket(core: ExchangeCore, spec: MarketSpec): SimMarket {
  const market = core.registry.add(buildMarket(spec, `created-${core.registry.markets.length}-${randomUUID()}`, nowSecs(core)));
  core.events.onMarketCreated?.(market);
  return market;
}

/** Rest one market-maker order directly in the book (no signature, no funds check: it is the house). */
function restInternal(core: ExchangeCore, market: SimMarket, tokenId: string, side: Side, priceMicros: number, sizeMicros: number): void {
  const book = core.registry.rawBook(tokenId);
  if (!book) return;
  const id = keccak256(toHex(`mm:${tokenId}:${side}:${priceMicros}:${book.nextSeq()}`));
  const order: SimOrder = {
    id,
    ownerKey: '',
    ownerAddress: MARKET_MAKER_ADDRESS,
    makerAddress: MARKET_MAKER_ADDRESS,
    market,
    tokenId,
    outcome: market.tokens.find((t) => t.tokenId === tokenId)?.outcome ?? '',
    side,
    priceMicros,
    originalSizeMicros: sizeMicros,
    sizeMatchedMicros: 0,
    status: 'LIVE',
    orderType: 'GTC',
    createdAtSecs: nowSecs(core),
    expirationSecs: 0,
    associateTrades: [],
    spender: spenderAddress(core, market).toLowerCase(),
  };
  core.store.add(order);
  book.add({ orderId: id, makerAddress: MARKET_MAKER_ADDRESS, side, priceMicros, remainingMicros: sizeMicros, seq: book.nextSeq() });
}

/** Quotes from the simulator's market maker: `levels` each side around each token's fair value. */
export function seedQuotes(core: ExchangeCore, market: SimMarket, rng: QuoteRng, levels = 5, fair: ReadonlyMap<string, number> = market.fairValueMicros): void {
  const tick = market.tickSizeMicros;
  const spreadTicks = Math.max(1, Math.round(10_000 / tick));
  // A two-outcome book mirrors the first outcome's quotes onto the second.
  for (const token of market.tokens.length === 2 ? market.tokens.slice(0, 1) : market.tokens) {
    const center = fair.get(token.tokenId) ?? 500_000;
    if (core.wallets.tokenBalance(MARKET_MAKER_ADDRESS, token.tokenId) < 1_000_000 * MICROS) {
      core.wallets.addTokens(MARKET_MAKER_ADDRESS, token.tokenId, 1_000_000 * MICROS);
    }
    for (let level = 1; level <= levels; level += 1) {
      const bid = center - level * spreadTicks * tick;
      const ask = center + level * spreadTicks * tick;
      if (bid >= tick) restInternal(core, market, token.tokenId, 'BUY', bid, rng.int(20, 400) * MICROS);
      if (ask <= MICROS - tick) restInternal(core, market, token.tokenId, 'SELL', ask, rng.int(20, 400) * MICROS);
    }
    bookChanged(core, token.tokenId);
  }
}

/** Replace the market maker's quotes on a market around new fair values. */
export function requote(core: ExchangeCore, market: SimMarket, rng: QuoteRng, fair: ReadonlyMap<string, number>, levels = 5): void {
  for (const order of core.store.liveOf(MARKET_MAKER_ADDRESS)) {
    if (order.market === market) {
      core.registry.rawBook(order.tokenId)?.remove(order.id);
      order.status = 'CANCELED';
      core.store.remove(order);
    }
  }
  // One book event for the whole re-quote (seedQuotes sends it).
  if (market.acceptingOrders) seedQuotes(core, market, rng, levels, fair);
  else if (market.tokens[0]) bookChanged(core, market.tokens[0].tokenId);
}

/** Polymarket changes a market's tick as its price nears the edges; existing orders keep their prices. */
export function changeTickSize(core: ExchangeCore, market: SimMarket, tickMicros: number): void {
  const old = market.tickSizeMicros;
  market.tickSizeMicros = tickMicros;
  for (const token of market.tokens) core.events.onTickSizeChanged?.(token.tokenId, old, tickMicros);
}

/**
 * Resolve a market at `payouts` (micros per share of each outcome, summing to 1 pUSD; outcomes not
 * named pay 0): it stops accepting orders and its open orders are cancelled. A 1/0 resolution also
 * names the winner (the CLOB's `tokens[].winner`, the WS `winning_asset_id`).
 */
export function resolveMarket(core: ExchangeCore, market: SimMarket, payouts: ReadonlyMap<string, number>): void {
  market.acceptingOrders = false;
  market.closed = true;
  market.payoutsMicros = new Map(market.tokens.map((t) => [t.tokenId, payouts.get(t.tokenId) ?? 0]));
  market.winnerTokenId = market.tokens.find((t) => market.payoutsMicros?.get(t.tokenId) === MICROS)?.tokenId;
  for (const order of core.store.all()) {
    if (order.market === market && order.status === 'LIVE') cancelOrder(core, order);
  }
  core.events.onMarketResolved?.(market);
}

/** Payouts of a resolution with one winner: 1 pUSD a share for it, nothing for the others. */
export function winnerPayouts(market: SimMarket, winnerTokenId: string): Map<string, number> {
  return new Map(market.tokens.map((t) => [t.tokenId, t.tokenId === winnerTokenId ? MICROS : 0]));
}

/**
 * Redeem a resolved market's positions, as the CTF does on chain: each share pays its outcome's payout
 * (1/0 for a winner, ½ each in a 50/50 resolution), rounded down to the micro per outcome as the CTF's
 * integer division does. Undefined when the market is not resolved.
 */
export function redeem(core: ExchangeCore, address: string, market: SimMarket): { redeemedMicros: number } | undefined {
  if (!market.closed || market.payoutsMicros === undefined) return undefined;
  const wallet = core.wallets.get(address);
  let redeemed = 0;
  for (const token of market.tokens) {
    const held = wallet.tokens.get(token.tokenId) ?? 0;
    if (held <= 0) continue;
    wallet.tokens.set(token.tokenId, 0);
    redeemed += Number((BigInt(held) * BigInt(market.payoutsMicros.get(token.tokenId) ?? 0)) / BigInt(MICROS));
  }
  wallet.collateralMicros += redeemed;
  return { redeemedMicros: redeemed };
}

/** Admin funding: adds collateral and tokens and sets every exchange's allowance (unlimited by default). */
export function fundWallet(core: ExchangeCore, address: string, collateralMicros: number, tokens: ReadonlyMap<string, number>, allowance: bigint = UNLIMITED_ALLOWANCE): void {
  core.wallets.addCollateral(address, collateralMicros);
  for (const [tokenId, micros] of tokens) core.wallets.addTokens(address, tokenId, micros);
  for (const spender of [core.contracts.exchangeV2, core.contracts.negRiskExchangeV2, core.contracts.exchangeV3]) {
    core.wallets.setAllowance(address, spender, allowance);
  }
}
