/** Domain → the exact JSON shapes Polymarket's CLOB returns and `@polymarket/clob-client-v2` parses. */
import type { SimMarket } from '../markets/types.ts';
import type { Exchange } from '../state/exchange.ts';
import type { SimOrder, SimTrade } from '../state/types.ts';
import { formatMicros, MICROS } from './decimal.ts';

/** Tick sizes and rates are numbers on the wire: 10_000 micros → 0.01 (prints "0.01"). */
export function microsToNumber(micros: number): number {
  return Number(formatMicros(micros));
}

export function renderMarket(market: SimMarket): Record<string, unknown> {
  return {
    enable_order_book: true,
    active: !market.closed,
    closed: market.closed,
    archived: false,
    accepting_orders: market.acceptingOrders,
    accepting_order_timestamp: new Date(market.createdAtSecs * 1000).toISOString(),
    minimum_order_size: microsToNumber(market.minOrderSizeMicros),
    minimum_tick_size: microsToNumber(market.tickSizeMicros),
    condition_id: market.conditionId,
    question_id: market.questionId,
    question: market.question,
    description: `Synthetic ${market.kind} market of the Polymancer local exchange.`,
    market_slug: market.slug,
    end_date_iso: market.endDateIso,
    game_start_time: null,
    seconds_delay: 0,
    fpmm: '',
    maker_base_fee: 0,
    taker_base_fee: Math.round(market.fee.ratePpm / 100),
    notifications_enabled: false,
    neg_risk: market.negRisk,
    neg_risk_market_id: market.negRiskMarketId ?? '',
    neg_risk_request_id: '',
    icon: '',
    image: '',
    rewards: { rates: null, min_size: 0, max_spread: 0 },
    is_50_50_outcome: false,
    tokens: market.tokens.map((token) => ({
      token_id: token.tokenId,
      outcome: token.outcome,
      price: microsToNumber(market.fairValueMicros.get(token.tokenId) ?? 0),
      winner: market.winnerTokenId === token.tokenId,
    })),
    tags: ['Simulated'],
  };
}

export function renderSimplifiedMarket(market: SimMarket): Record<string, unknown> {
  return {
    condition_id: market.conditionId,
    rewards: { rates: null, min_size: 0, max_spread: 0 },
    tokens: market.tokens.map((token) => ({
      token_id: token.tokenId,
      outcome: token.outcome,
      price: microsToNumber(market.fairValueMicros.get(token.tokenId) ?? 0),
      winner: market.winnerTokenId === token.tokenId,
    })),
    active: !market.closed,
    closed: market.closed,
    archived: false,
    accepting_orders: market.acceptingOrders,
  };
}

/** `GET /clob-markets/{condition_id}` (the client's `MarketDetails`); `nr` only when true. */
export function renderClobMarket(market: SimMarket): Record<string, unknown> {
  const feeBps = Math.round(market.fee.ratePpm / 100);
  return {
    c: market.conditionId,
    t: market.tokens.map((token) => ({ t: token.tokenId, o: token.outcome })),
    mts: microsToNumber(market.tickSizeMicros),
    ...(market.negRisk ? { nr: true } : {}),
    fd: { r: market.fee.ratePpm / MICROS, e: market.fee.exponent, to: true },
    mbf: 0,
    tbf: feeBps,
    r: null,
    ao: market.acceptingOrders,
    mos: microsToNumber(market.minOrderSizeMicros),
    sd: 0,
    cbos: false,
    aot: new Date(market.createdAtSecs * 1000).toISOString(),
    rfqe: false,
    itode: false,
    ibce: false,
  };
}

/** `OrderBookSummary`, keys in Polymarket's order, best levels last (bids ascending, asks descending). */
export function renderBook(exchange: Exchange, tokenId: string): Record<string, unknown> | undefined {
  const market = exchange.marketByToken(tokenId);
  const book = exchange.book(tokenId);
  if (!market || !book) return undefined;
  const recorded = exchange.replay?.at(tokenId, exchange.nowMs());
  if (recorded) {
    const replayed: Record<string, unknown> = {
      market: recorded.market,
      asset_id: tokenId,
      timestamp: String(recorded.timestampMs),
      hash: '',
      bids: recorded.bids.map((l) => ({ price: l.price, size: l.size })),
      asks: recorded.asks.map((l) => ({ price: l.price, size: l.size })),
      min_order_size: recorded.minOrderSize ?? formatMicros(market.minOrderSizeMicros),
      tick_size: recorded.tickSize ?? formatMicros(market.tickSizeMicros),
      neg_risk: recorded.negRisk ?? market.negRisk,
      last_trade_price: recorded.lastTradePrice ?? '',
    };
    replayed['hash'] = exchange.bookHash(replayed);
    return replayed;
  }
  const level = (l: { priceMicros: number; sizeMicros: number }) => ({ price: formatMicros(l.priceMicros), size: formatMicros(l.sizeMicros) });
  const summary: Record<string, unknown> = {
    market: market.conditionId,
    asset_id: tokenId,
    timestamp: String(exchange.nowMs()),
    hash: '',
    bids: exchange.levels(tokenId, 'BUY').reverse().map(level),
    asks: exchange.levels(tokenId, 'SELL').reverse().map(level),
    min_order_size: formatMicros(market.minOrderSizeMicros),
    tick_size: formatMicros(market.tickSizeMicros),
    neg_risk: market.negRisk,
    last_trade_price: formatMicros(exchange.lastTrade(tokenId)?.priceMicros ?? market.fairValueMicros.get(tokenId) ?? 0),
  };
  summary['hash'] = exchange.bookHash(summary);
  return summary;
}

export function renderOpenOrder(order: SimOrder): Record<string, unknown> {
  return {
    id: order.id,
    status: order.status,
    owner: order.ownerKey,
    maker_address: order.makerAddress,
    market: order.market.conditionId,
    asset_id: order.tokenId,
    side: order.side,
    original_size: formatMicros(order.originalSizeMicros),
    size_matched: formatMicros(order.sizeMatchedMicros),
    price: formatMicros(order.priceMicros),
    associate_trades: [...order.associateTrades],
    outcome: order.outcome,
    created_at: order.createdAtSecs,
    expiration: String(order.expirationSecs),
    order_type: order.orderType,
  };
}

/** A trade as one participant sees it: the taker (`TAKER`) or a maker (`MAKER`, only its maker orders). */
export function renderTrade(exchange: Exchange, trade: SimTrade, viewerAddress: string): Record<string, unknown> {
  const viewer = viewerAddress.toLowerCase();
  const isTaker = trade.takerOwnerAddress === viewer;
  const makers = isTaker ? trade.makers : trade.makers.filter((m) => m.ownerAddress === viewer);
  const first = makers[0];
  return {
    id: trade.id,
    taker_order_id: trade.takerOrderId,
    market: trade.market.conditionId,
    asset_id: trade.tokenId,
    side: trade.side,
    size: formatMicros(trade.sizeMicros),
    fee_rate_bps: String(trade.feeRateBps),
    price: formatMicros(trade.priceMicros),
    status: exchange.tradeStatus(trade),
    match_time: String(Math.floor(trade.matchTimeMs / 1000)),
    match_time_nano: `${trade.matchTimeMs}000000`,
    last_update: String(Math.floor(exchange.nowMs() / 1000)),
    outcome: trade.outcome,
    bucket_index: 0,
    owner: isTaker ? trade.takerOwnerKey : (first?.ownerKey ?? ''),
    maker_address: isTaker ? trade.takerMakerAddress : (first?.makerAddress ?? ''),
    maker_orders: makers.map((m) => ({
      order_id: m.orderId,
      owner: m.ownerKey,
      maker_address: m.makerAddress,
      matched_amount: formatMicros(m.matchedMicros),
      price: formatMicros(m.priceMicros),
      fee_rate_bps: '0',
      asset_id: m.tokenId,
      outcome: m.outcome,
      side: m.side,
    })),
    transaction_hash: trade.transactionHash,
    err_msg: null,
    trader_side: isTaker ? 'TAKER' : 'MAKER',
  };
}
