/**
 * WebSocket fan-out for the market channel (`book`, `price_change`, `last_trade_price`,
 * `tick_size_change`) and the authenticated user channel (`order`, `trade`), shaped as Polymarket sends
 * them. Listens to the exchange's events; keeps the last levels sent per token so `price_change` carries
 * only the levels that changed (size = the level's new total, "0" = removed).
 *
 * With `custom_feature_enabled: true` in the subscribe message a connection also receives
 * `best_bid_ask` (top of book changed), `new_market` and `market_resolved`.
 *
 * Known limitations: the initial snapshot on subscribe is sent as one JSON array of `book` messages.
 */
import type { ApiKeyRecord } from '../state/api-keys.ts';
import type { Exchange } from '../state/exchange.ts';
import type { SimMarket } from '../markets/types.ts';
import type { SimOrder, SimTrade, TradeStatus } from '../state/types.ts';
import { formatMicros } from '../wire/decimal.ts';
import { renderBook, renderOpenOrder, renderTrade } from '../wire/render.ts';

export interface Socket {
  readonly id: string;
  send(text: string): unknown;
  close?(code: number, reason: string): unknown;
}

interface MarketSub {
  readonly socket: Socket;
  readonly assets: Set<string>;
  custom: boolean;
}

interface UserSub {
  readonly socket: Socket;
  readonly key: ApiKeyRecord;
  readonly markets: Set<string>;
}

type LevelMap = Map<number, number>;

export class WsHub {
  readonly #exchange: Exchange;
  readonly #market = new Map<string, MarketSub>();
  readonly #user = new Map<string, UserSub>();
  readonly #sentLevels = new Map<string, { bids: LevelMap; asks: LevelMap }>();
  readonly #tradedSinceFlush = new Set<string>();
  /** Last top of book sent as `best_bid_ask`, per token. */
  readonly #bestSent = new Map<string, string>();
  readonly #openTrades = new Map<string, TradeStatus>();
  /** Replayed tokens: timestamp of the recorded snapshot last sent. */
  readonly #replaySent = new Map<string, number>();

  constructor(exchange: Exchange) {
    this.#exchange = exchange;
    exchange.events.onBookChanged = (tokenId) => this.#bookChanged(tokenId);
    exchange.events.onTrade = (trade) => this.#trade(trade);
    exchange.events.onOrder = (order, kind) => this.#order(order, kind);
    exchange.events.onTickSizeChanged = (tokenId, oldTick, newTick) => this.#tickSize(tokenId, oldTick, newTick);
    exchange.events.onMarketCreated = (market) => this.#custom(undefined, this.#marketEvent('new_market', market));
    exchange.events.onMarketResolved = (market) => this.#custom(undefined, this.#marketEvent('market_resolved', market));
  }

  /** Send to custom-feature connections (of one asset, or all when `tokenId` is undefined). */
  #custom(tokenId: string | undefined, event: Record<string, unknown>): void {
    const text = JSON.stringify(event);
    for (const sub of this.#market.values()) {
      if (sub.custom && (tokenId === undefined || sub.assets.has(tokenId))) sub.socket.send(text);
    }
  }

  #marketEvent(kind: 'new_market' | 'market_resolved', market: SimMarket): Record<string, unknown> {
    const id = String(this.#exchange.markets.indexOf(market) + 1);
    const assets = market.tokens.map((t) => t.tokenId);
    const timestamp = String(this.#exchange.nowMs());
    if (kind === 'market_resolved') {
      const winner = market.tokens.find((t) => t.tokenId === market.winnerTokenId);
      return { event_type: kind, id, market: market.conditionId, assets_ids: assets, winning_asset_id: winner?.tokenId ?? '', winning_outcome: winner?.outcome ?? '', timestamp, tags: [] };
    }
    return {
      event_type: kind,
      id,
      question: market.question,
      market: market.conditionId,
      slug: market.slug,
      description: '',
      assets_ids: assets,
      outcomes: market.tokens.map((t) => t.outcome),
      timestamp,
      tags: [],
      condition_id: market.conditionId,
      active: market.acceptingOrders,
      clob_token_ids: assets,
      order_price_min_tick_size: formatMicros(market.tickSizeMicros),
    };
  }

  // ----- connections ---------------------------------------------------------------------------

  /** Fault injection: drop every WebSocket connection (1012 service restart). */
  disconnectAll(): number {
    const sockets = [...this.#market.values(), ...this.#user.values()].map((s) => s.socket);
    this.#market.clear();
    this.#user.clear();
    for (const socket of sockets) socket.close?.(1012, 'service restart');
    return sockets.length;
  }

  close(socket: Socket): void {
    this.#market.delete(socket.id);
    this.#user.delete(socket.id);
  }

  /** A market-channel message: initial `{assets_ids, type:"market"}` or `{assets_ids, operation}`. */
  marketMessage(socket: Socket, message: Record<string, unknown>): void {
    const assets = Array.isArray(message['assets_ids']) ? (message['assets_ids'] as unknown[]).filter((a): a is string => typeof a === 'string') : [];
    let sub = this.#market.get(socket.id);
    if (!sub) {
      sub = { socket, assets: new Set(), custom: false };
      this.#market.set(socket.id, sub);
    }
    if (message['custom_feature_enabled'] === true) sub.custom = true;
    if (message['operation'] === 'unsubscribe') {
      for (const asset of assets) sub.assets.delete(asset);
      return;
    }
    const added = assets.filter((a) => this.#exchange.marketByToken(a));
    for (const asset of added) sub.assets.add(asset);
    const books = added.map((asset) => this.#bookEvent(asset)).filter((b) => b !== undefined);
    if (books.length > 0) socket.send(JSON.stringify(books));
  }

  /** A user-channel message: initial `{auth, markets, type:"user"}` or `{markets, operation}`. False = bad auth. */
  userMessage(socket: Socket, message: Record<string, unknown>): boolean {
    const markets = Array.isArray(message['markets']) ? (message['markets'] as unknown[]).filter((m): m is string => typeof m === 'string') : [];
    let sub = this.#user.get(socket.id);
    if (!sub) {
      const auth = message['auth'] as { apiKey?: unknown; secret?: unknown; passphrase?: unknown } | undefined;
      const key = typeof auth?.apiKey === 'string' ? this.#exchange.keys.find(auth.apiKey) : undefined;
      if (!key || key.secret !== auth?.secret || key.passphrase !== auth?.passphrase) return false;
      sub = { socket, key, markets: new Set() };
      this.#user.set(socket.id, sub);
    }
    if (message['operation'] === 'unsubscribe') for (const m of markets) sub.markets.delete(m.toLowerCase());
    else for (const m of markets) sub.markets.add(m.toLowerCase());
    return true;
  }

  // ----- market channel ------------------------------------------------------------------------

  #bookEvent(tokenId: string): Record<string, unknown> | undefined {
    const book = renderBook(this.#exchange, tokenId);
    if (!book) return undefined;
    this.#remember(tokenId);
    const recorded = this.#exchange.replay?.at(tokenId, this.#exchange.nowMs());
    if (recorded) this.#replaySent.set(tokenId, recorded.timestampMs);
    return { event_type: 'book', ...book };
  }

  #levels(tokenId: string): { bids: LevelMap; asks: LevelMap } {
    const toMap = (side: 'BUY' | 'SELL') => new Map(this.#exchange.levels(tokenId, side).map((l) => [l.priceMicros, l.sizeMicros]));
    return { bids: toMap('BUY'), asks: toMap('SELL') };
  }

  #remember(tokenId: string): void {
    this.#sentLevels.set(tokenId, this.#levels(tokenId));
  }

  #marketSubscribers(tokenId: string): MarketSub[] {
    return [...this.#market.values()].filter((s) => s.assets.has(tokenId));
  }

  #broadcast(tokenId: string, event: Record<string, unknown>): void {
    const text = JSON.stringify(event);
    for (const sub of this.#marketSubscribers(tokenId)) sub.socket.send(text);
  }

  #bestBidAsk(tokenId: string): void {
    const market = this.#exchange.marketByToken(tokenId);
    if (!market || ![...this.#market.values()].some((sub) => sub.custom && sub.assets.has(tokenId))) return;
    const bid = this.#exchange.bestPrice(tokenId, 'BUY');
    const ask = this.#exchange.bestPrice(tokenId, 'SELL');
    const key = `${bid}:${ask}`;
    if (this.#bestSent.get(tokenId) === key) return;
    this.#bestSent.set(tokenId, key);
    this.#custom(tokenId, {
      event_type: 'best_bid_ask',
      market: market.conditionId,
      asset_id: tokenId,
      best_bid: formatMicros(bid ?? 0),
      best_ask: formatMicros(ask ?? 0),
      spread: bid !== undefined && ask !== undefined ? formatMicros(ask - bid) : '0',
      timestamp: String(this.#exchange.nowMs()),
    });
  }

  /** A market's book changed (`tokenId` is its first outcome): one price_change carries every token's changed levels. */
  #bookChanged(tokenId: string): void {
    const market = this.#exchange.marketByToken(tokenId);
    if (!market) return;
    const tokens = market.tokens.length === 2 ? market.tokens.map((t) => t.tokenId) : [tokenId];
    for (const token of tokens) this.#bestBidAsk(token);
    const traded = this.#tradedSinceFlush.delete(market.conditionId);
    const watched = tokens.filter((token) => this.#marketSubscribers(token).length > 0);
    if (watched.length === 0 || traded) {
      for (const token of tokens) {
        if (watched.includes(token)) {
          const event = this.#bookEvent(token);
          if (event) this.#broadcast(token, event);
        } else {
          // Nobody watches: forget, and the next subscriber starts from a fresh `book`.
          this.#sentLevels.delete(token);
        }
      }
      return;
    }
    const changes: Record<string, unknown>[] = [];
    for (const token of tokens) {
      const before = this.#sentLevels.get(token) ?? { bids: new Map(), asks: new Map() };
      const after = this.#levels(token);
      this.#sentLevels.set(token, after);
      const hash = renderBook(this.#exchange, token)?.['hash'] ?? '';
      const bestBid = formatMicros(this.#exchange.bestPrice(token, 'BUY') ?? 0);
      const bestAsk = formatMicros(this.#exchange.bestPrice(token, 'SELL') ?? 0);
      const diff = (side: 'BUY' | 'SELL', old: LevelMap, now: LevelMap) => {
        for (const price of new Set([...old.keys(), ...now.keys()])) {
          const size = now.get(price) ?? 0;
          if (old.get(price) === size) continue;
          changes.push({ asset_id: token, price: formatMicros(price), size: formatMicros(size), side, hash, best_bid: bestBid, best_ask: bestAsk });
        }
      };
      diff('BUY', before.bids, after.bids);
      diff('SELL', before.asks, after.asks);
    }
    if (changes.length === 0) return;
    const text = JSON.stringify({ market: market.conditionId, price_changes: changes, timestamp: String(this.#exchange.nowMs()), event_type: 'price_change' });
    for (const sub of this.#market.values()) {
      if (tokens.some((token) => sub.assets.has(token))) sub.socket.send(text);
    }
  }

  #tickSize(tokenId: string, oldTickMicros: number, newTickMicros: number): void {
    const market = this.#exchange.marketByToken(tokenId);
    if (!market) return;
    this.#broadcast(tokenId, {
      event_type: 'tick_size_change',
      asset_id: tokenId,
      market: market.conditionId,
      old_tick_size: formatMicros(oldTickMicros),
      new_tick_size: formatMicros(newTickMicros),
      timestamp: String(this.#exchange.nowMs()),
    });
  }

  // ----- trades (both channels) ----------------------------------------------------------------

  #trade(trade: SimTrade): void {
    this.#tradedSinceFlush.add(trade.market.conditionId);
    this.#broadcast(trade.tokenId, {
      asset_id: trade.tokenId,
      event_type: 'last_trade_price',
      fee_rate_bps: String(trade.feeRateBps),
      market: trade.market.conditionId,
      price: formatMicros(trade.priceMicros),
      side: trade.side,
      size: formatMicros(trade.sizeMicros),
      timestamp: String(this.#exchange.nowMs()),
    });
    this.#openTrades.set(trade.id, 'MATCHED');
    this.#sendTrade(trade);
  }

  #sendTrade(trade: SimTrade): void {
    const viewers = new Set([trade.takerOwnerAddress, ...trade.makers.map((m) => m.ownerAddress)]);
    for (const sub of this.#user.values()) {
      if (!viewers.has(sub.key.address)) continue;
      if (sub.markets.size > 0 && !sub.markets.has(trade.market.conditionId.toLowerCase())) continue;
      const view = renderTrade(this.#exchange, trade, sub.key.address);
      sub.socket.send(JSON.stringify({ ...view, event_type: 'trade', type: 'TRADE', trade_owner: view['owner'], timestamp: String(this.#exchange.nowMs()) }));
    }
  }

  /** Emit trade status transitions as the clock advances, and the next recorded book of replayed tokens. */
  sweep(): void {
    const replay = this.#exchange.replay;
    if (replay) {
      for (const sub of this.#market.values()) {
        for (const asset of sub.assets) {
          const snapshot = replay.at(asset, this.#exchange.nowMs());
          if (!snapshot) continue;
          const sent = this.#replaySent.get(asset);
          if (sent === undefined) {
            this.#replaySent.set(asset, snapshot.timestampMs);
          } else if (sent !== snapshot.timestampMs) {
            this.#replaySent.set(asset, snapshot.timestampMs);
            const event = this.#bookEvent(asset);
            if (event) this.#broadcast(asset, event);
          }
        }
      }
    }
    for (const [id, last] of this.#openTrades) {
      const trade = this.#exchange.trade(id);
      if (!trade) {
        this.#openTrades.delete(id);
        continue;
      }
      const status = this.#exchange.tradeStatus(trade);
      if (status === last) continue;
      if (status === 'CONFIRMED' || status === 'FAILED') this.#openTrades.delete(id);
      else this.#openTrades.set(id, status);
      this.#sendTrade(trade);
    }
  }

  // ----- user channel: orders ------------------------------------------------------------------

  #order(order: SimOrder, kind: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION'): void {
    for (const sub of this.#user.values()) {
      if (sub.key.address !== order.ownerAddress) continue;
      if (sub.markets.size > 0 && !sub.markets.has(order.market.conditionId.toLowerCase())) continue;
      const view = renderOpenOrder(order);
      sub.socket.send(
        JSON.stringify({
          ...view,
          created_at: String(order.createdAtSecs),
          event_type: 'order',
          order_owner: order.ownerKey,
          timestamp: String(this.#exchange.nowMs()),
          type: kind,
        }),
      );
    }
  }
}
