import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Side } from '@polymarket/clob-client-v2';
import { generatePrivateKey } from 'viem/accounts';
import { admin, emptyMarket, startSim, trader, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startSim();
});
afterAll(() => h.stop());

/** A WebSocket that queues every message and lets a test await the next one matching a predicate. */
class Feed {
  readonly messages: unknown[] = [];
  readonly #waiters: { predicate: (m: unknown) => boolean; resolve: (m: unknown) => void }[] = [];
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  closeCode: number | undefined;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.opened = new Promise((resolve) => this.socket.addEventListener('open', () => resolve()));
    this.socket.addEventListener('close', (event) => {
      this.closeCode = event.code;
      this.#wake({ closed: event.code });
    });
    this.socket.addEventListener('message', (event) => {
      const text = String(event.data);
      let message: unknown = text;
      try {
        message = JSON.parse(text);
      } catch {}
      const items = Array.isArray(message) ? message : [message];
      for (const item of items) this.#wake(item);
    });
  }

  #wake(message: unknown): void {
    const waiter = this.#waiters.find((w) => w.predicate(message));
    if (!waiter) {
      this.messages.push(message);
      return;
    }
    this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
    waiter.resolve(message);
  }

  send(body: unknown): void {
    this.socket.send(typeof body === 'string' ? body : JSON.stringify(body));
  }

  next<T = Record<string, any>>(predicate: (m: any) => boolean): Promise<T> {
    const seen = this.messages.find(predicate);
    if (seen) {
      this.messages.splice(this.messages.indexOf(seen), 1);
      return Promise.resolve(seen as T);
    }
    return new Promise((resolve) => this.#waiters.push({ predicate, resolve: resolve as (m: unknown) => void }));
  }

  close(): void {
    this.socket.close();
  }
}

describe('WebSocket channels', () => {
  test('the market channel sends a book on subscribe, price_change on placement, and last_trade_price and book on a fill', async () => {
    const m = await emptyMarket(h.sim);
    const seller = await trader(h.sim, generatePrivateKey(), { tokens: { [m.yes]: '1000000000' } });
    const buyer = await trader(h.sim, generatePrivateKey(), { collateral: '1000000000' });
    const feed = new Feed(`${h.sim.wsUrl}/ws/market`);
    await feed.opened;
    feed.send({ assets_ids: [m.yes], type: 'market' });
    const book = await feed.next((e) => e.event_type === 'book');
    expect(book).toMatchObject({ asset_id: m.yes, market: m.conditionId, bids: [], asks: [] });

    await seller.client.createAndPostOrder({ tokenID: m.yes, price: 0.52, size: 100, side: Side.SELL });
    const change = await feed.next((e) => e.event_type === 'price_change');
    expect(change.market).toBe(m.conditionId);
    // As on Polymarket, the complementary token's book mirrors the order: a YES ask at 0.52 is a NO bid at 0.48.
    expect(change.price_changes).toEqual([
      expect.objectContaining({ asset_id: m.yes, price: '0.52', size: '100', side: 'SELL', best_ask: '0.52' }),
      expect.objectContaining({ asset_id: m.no, price: '0.48', size: '100', side: 'BUY', best_bid: '0.48' }),
    ]);

    await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.52, size: 40, side: Side.BUY });
    const last = await feed.next((e) => e.event_type === 'last_trade_price');
    expect(last).toMatchObject({ asset_id: m.yes, price: '0.52', side: 'BUY', size: '40' });
    const after = await feed.next((e) => e.event_type === 'book');
    expect(after.asks).toEqual([{ price: '0.52', size: '60' }]);

    feed.send('PING');
    expect(await feed.next<unknown>((e) => e === 'PONG')).toBe('PONG');
    await admin(h.sim, `/_sim/markets/${m.conditionId}/tick-size`, { tickSize: '0.001' });
    expect(await feed.next((e) => e.event_type === 'tick_size_change')).toMatchObject({ asset_id: m.yes, old_tick_size: '0.01', new_tick_size: '0.001' });
    feed.close();
  });

  test('one connection carries many subscriptions and can unsubscribe', async () => {
    const a = await emptyMarket(h.sim);
    const b = await emptyMarket(h.sim);
    const feed = new Feed(`${h.sim.wsUrl}/ws/market`);
    await feed.opened;
    feed.send({ assets_ids: [a.yes], type: 'market' });
    await feed.next((e) => e.event_type === 'book' && e.asset_id === a.yes);
    feed.send({ assets_ids: [b.yes, b.no], operation: 'subscribe' });
    await feed.next((e) => e.event_type === 'book' && e.asset_id === b.yes);
    await feed.next((e) => e.event_type === 'book' && e.asset_id === b.no);
    feed.send({ assets_ids: [a.yes], operation: 'unsubscribe' });
    const seller = await trader(h.sim, generatePrivateKey(), { tokens: { [a.yes]: '100000000', [b.yes]: '100000000' } });
    await seller.client.createAndPostOrder({ tokenID: a.yes, price: 0.7, size: 10, side: Side.SELL });
    await seller.client.createAndPostOrder({ tokenID: b.yes, price: 0.7, size: 10, side: Side.SELL });
    const change = await feed.next((e) => e.event_type === 'price_change');
    expect(change.price_changes[0].asset_id).toBe(b.yes);
    expect(feed.messages.some((e: any) => e.event_type === 'price_change' && e.price_changes[0].asset_id === a.yes)).toBe(false);
    feed.close();
  });

  test('the user channel sends order and trade events of a fill, and trade status updates', async () => {
    const m = await emptyMarket(h.sim);
    const seller = await trader(h.sim, generatePrivateKey(), { tokens: { [m.yes]: '1000000000' } });
    const buyer = await trader(h.sim, generatePrivateKey(), { collateral: '1000000000' });
    const feed = new Feed(`${h.sim.wsUrl}/ws/user`);
    await feed.opened;
    feed.send({ auth: { apiKey: seller.creds.key, secret: seller.creds.secret, passphrase: seller.creds.passphrase }, markets: [m.conditionId], type: 'user' });
    feed.send('PING');
    await feed.next((e) => e === 'PONG');
    const ask = await seller.client.createAndPostOrder({ tokenID: m.yes, price: 0.52, size: 100, side: Side.SELL });
    expect(await feed.next((e) => e.event_type === 'order' && e.type === 'PLACEMENT')).toMatchObject({ id: ask.orderID, status: 'LIVE', original_size: '100', side: 'SELL' });
    const fill = await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.52, size: 40, side: Side.BUY });
    expect(await feed.next((e) => e.event_type === 'order' && e.type === 'UPDATE')).toMatchObject({ id: ask.orderID, size_matched: '40' });
    const trade = await feed.next((e) => e.event_type === 'trade');
    expect(trade).toMatchObject({ type: 'TRADE', id: fill.tradeIDs![0], status: 'MATCHED', trader_side: 'MAKER', trade_owner: seller.creds.key });
    h.clock.advance(10_000);
    await seller.client.getOk();
    expect(await feed.next((e) => e.event_type === 'trade' && e.status === 'CONFIRMED')).toMatchObject({ id: fill.tradeIDs![0] });
    feed.close();
  });

  test('custom features add best_bid_ask, new_market and market_resolved', async () => {
    const m = await emptyMarket(h.sim);
    const feed = new Feed(`${h.sim.wsUrl}/ws/market`);
    await feed.opened;
    feed.send({ assets_ids: [m.yes], type: 'market', custom_feature_enabled: true });
    await feed.next((e) => e.event_type === 'book');
    const seller = await trader(h.sim, generatePrivateKey(), { tokens: { [m.yes]: '100000000' } });
    const buyer = await trader(h.sim, generatePrivateKey(), { collateral: '100000000' });
    await seller.client.createAndPostOrder({ tokenID: m.yes, price: 0.6, size: 10, side: Side.SELL });
    await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.55, size: 10, side: Side.BUY });
    const bba = await feed.next((e) => e.event_type === 'best_bid_ask' && e.best_bid === '0.55');
    expect(bba).toMatchObject({ asset_id: m.yes, market: m.conditionId, best_ask: '0.6', spread: '0.05' });
    const created = await emptyMarket(h.sim);
    expect(await feed.next((e) => e.event_type === 'new_market')).toMatchObject({ market: created.conditionId, assets_ids: [created.yes, created.no], outcomes: ['Yes', 'No'] });
    await admin(h.sim, `/_sim/markets/${m.conditionId}/resolve`, { winner: m.no });
    expect(await feed.next((e) => e.event_type === 'market_resolved')).toMatchObject({ market: m.conditionId, winning_asset_id: m.no, winning_outcome: 'No' });
    feed.close();
  });

  test('the user channel closes a connection with bad credentials', async () => {
    const feed = new Feed(`${h.sim.wsUrl}/ws/user`);
    await feed.opened;
    feed.send({ auth: { apiKey: 'nope', secret: 'x', passphrase: 'y' }, markets: [], type: 'user' });
    expect(await feed.next((e) => e.closed !== undefined)).toEqual({ closed: 1008 });
  });
});
