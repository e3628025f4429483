import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { AssetType, OrderType, Side, type ClobClient } from '@polymarket/clob-client-v2';
import { generatePrivateKey } from 'viem/accounts';
import { admin, emptyMarket, startSim, TEST_KEYS, trader, type Harness, type Trader } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startSim({ settlement: { minedAfterMs: 2_000, confirmedAfterMs: 10_000 } });
});
afterAll(() => h.stop());

type Posted = Awaited<ReturnType<ClobClient['postOrder']>>;

async function setup(spec: Record<string, unknown> = {}) {
  const m = await emptyMarket(h.sim, spec);
  const seller = await trader(h.sim, generatePrivateKey(), { tokens: { [m.yes]: '1000000000' } });
  const buyer = await trader(h.sim, generatePrivateKey(), { collateral: '1000000000' });
  return { m, seller, buyer };
}

const sell = (t: Trader, token: string, price: number, size: number, type: OrderType.GTC | OrderType.GTD = OrderType.GTC): Promise<Posted> =>
  t.client.createAndPostOrder({ tokenID: token, price, size, side: Side.SELL }, undefined, type);

describe('orders through the official client', () => {
  test('a GTC that does not cross rests live and shows in open orders', async () => {
    const { m, seller } = await setup();
    const res = await sell(seller, m.yes, 0.52, 100);
    expect(res).toMatchObject({ success: true, errorMsg: '', status: 'live', makingAmount: '', takingAmount: '' });
    const open = await seller.client.getOpenOrders({ asset_id: m.yes });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id: res.orderID, status: 'LIVE', side: 'SELL', original_size: '100', size_matched: '0', price: '0.52', order_type: 'GTC' });
    expect(await seller.client.getOrder(res.orderID)).toMatchObject({ id: res.orderID, status: 'LIVE' });
  });

  test('a marketable GTC fills at the resting price, partially fills the maker, and the rest can be cancelled', async () => {
    const { m, seller, buyer } = await setup();
    const ask = await sell(seller, m.yes, 0.52, 100);
    const res = await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.55, size: 40, side: Side.BUY });
    expect(res).toMatchObject({ success: true, status: 'matched', makingAmount: '20.8', takingAmount: '40' });
    expect(res.tradeIDs).toHaveLength(1);
    expect(res.transactionsHashes?.[0]).toMatch(/^0x[0-9a-f]{64}$/);
    const maker = await seller.client.getOrder(ask.orderID);
    expect(maker).toMatchObject({ status: 'LIVE', size_matched: '40', associate_trades: res.tradeIDs });
    const cancelled = await seller.client.cancelOrder({ orderID: ask.orderID });
    expect(cancelled).toEqual({ canceled: [ask.orderID], not_canceled: {} });
    expect(await seller.client.cancelOrder({ orderID: ask.orderID })).toEqual({ canceled: [], not_canceled: { [ask.orderID]: 'already canceled or matched' } });
    expect(await seller.client.getOpenOrders({ asset_id: m.yes })).toEqual([]);
  });

  test('a GTC remainder rests after a partial fill', async () => {
    const { m, seller, buyer } = await setup();
    await sell(seller, m.yes, 0.5, 10);
    const res = await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 30, side: Side.BUY });
    expect(res).toMatchObject({ status: 'matched', takingAmount: '10', makingAmount: '5' });
    const open = await buyer.client.getOpenOrders({ asset_id: m.yes });
    expect(open[0]).toMatchObject({ id: res.orderID, status: 'LIVE', original_size: '30', size_matched: '10', price: '0.5' });
    const book = await buyer.client.getOrderBook(m.yes);
    expect(book.bids).toEqual([{ price: '0.5', size: '20' }]);
  });

  test('a FOK market buy that the book covers fills completely', async () => {
    const { m, seller, buyer } = await setup();
    await sell(seller, m.yes, 0.52, 100);
    const res = await buyer.client.createAndPostMarketOrder({ tokenID: m.yes, amount: 26, side: Side.BUY }, undefined, OrderType.FOK);
    expect(res).toMatchObject({ success: true, status: 'matched', makingAmount: '26', takingAmount: '50' });
    const book = await buyer.client.getOrderBook(m.yes);
    expect(book.asks).toEqual([{ price: '0.52', size: '50' }]);
  });

  test('a FOK market buy spends its whole amount and gets the price improvement in shares', async () => {
    const { m, seller, buyer } = await setup();
    await sell(seller, m.yes, 0.52, 100);
    await sell(seller, m.yes, 0.5, 20);
    const res = await buyer.client.createAndPostMarketOrder({ tokenID: m.yes, amount: 26, side: Side.BUY }, undefined, OrderType.FOK);
    // 20 @ 0.50 = 10, then 16 / 0.52 = 30.76923 shares
    expect(res).toMatchObject({ success: true, status: 'matched', makingAmount: '26', takingAmount: '50.76923' });
    expect((await buyer.client.getBalanceAllowance({ asset_type: AssetType.CONDITIONAL, token_id: m.yes })).balance).toBe('50769230');
  });

  test('a FOK the book cannot cover is killed with the real error and changes nothing', async () => {
    const { m, seller, buyer } = await setup();
    await sell(seller, m.yes, 0.52, 100);
    const res = await buyer.client.createAndPostMarketOrder({ tokenID: m.yes, amount: 100, side: Side.BUY, price: 0.52 }, undefined, OrderType.FOK);
    expect(res).toEqual({ error: "order couldn't be fully filled. FOK orders are fully filled or killed.", status: 400 } as never);
    expect((await buyer.client.getOrderBook(m.yes)).asks).toEqual([{ price: '0.52', size: '100' }]);
    expect(await buyer.client.getTrades({ asset_id: m.yes })).toEqual([]);
  });

  test('a FAK fills what it can and cancels the remainder; with no liquidity it is refused', async () => {
    const { m, seller, buyer } = await setup();
    await sell(seller, m.yes, 0.5, 20);
    const res = await buyer.client.createAndPostMarketOrder({ tokenID: m.yes, amount: 50, side: Side.BUY, price: 0.5 }, undefined, OrderType.FAK);
    expect(res).toMatchObject({ status: 'matched', takingAmount: '20', makingAmount: '10' });
    expect(await buyer.client.getOpenOrders({ asset_id: m.yes })).toEqual([]);
    expect((await buyer.client.getOrderBook(m.yes)).asks).toEqual([]);
    const none = await buyer.client.createAndPostMarketOrder({ tokenID: m.yes, amount: 5, side: Side.BUY, price: 0.5 }, undefined, OrderType.FAK);
    expect(none).toEqual({
      error: 'no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found.',
      status: 400,
    } as never);
  });

  test('a market sell walks the bids', async () => {
    const { m, seller, buyer } = await setup();
    await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.4, size: 30, side: Side.BUY });
    const res = await seller.client.createAndPostMarketOrder({ tokenID: m.yes, amount: 10, side: Side.SELL }, undefined, OrderType.FOK);
    expect(res).toMatchObject({ status: 'matched', makingAmount: '10', takingAmount: '4' });
  });

  test('a GTD rests until its expiration and then leaves the book', async () => {
    const { m, seller } = await setup();
    const expiration = Math.floor(h.clock.now().getTime() / 1000) + 120;
    const res = await seller.client.createAndPostOrder({ tokenID: m.yes, price: 0.6, size: 10, side: Side.SELL, expiration }, undefined, OrderType.GTD);
    expect(res).toMatchObject({ status: 'live' });
    expect((await seller.client.getOpenOrders({ asset_id: m.yes }))[0]).toMatchObject({ order_type: 'GTD', expiration: String(expiration) });
    h.clock.advance(121_000);
    expect(await seller.client.getOpenOrders({ asset_id: m.yes })).toEqual([]);
    expect((await seller.client.getOrderBook(m.yes)).asks).toEqual([]);
    expect(await seller.client.getOrder(res.orderID)).toMatchObject({ status: 'CANCELED' });
  });

  test('a postOnly order rests when it does not cross and is refused when it would', async () => {
    const { m, seller, buyer } = await setup();
    await sell(seller, m.yes, 0.52, 100);
    const resting = await buyer.client.postOrder(await buyer.client.createOrder({ tokenID: m.yes, price: 0.51, size: 10, side: Side.BUY }), OrderType.GTC, true);
    expect(resting).toMatchObject({ status: 'live' });
    const crossing = await buyer.client.postOrder(await buyer.client.createOrder({ tokenID: m.yes, price: 0.52, size: 10, side: Side.BUY }), OrderType.GTC, true);
    expect(crossing).toEqual({ error: 'invalid post-only order: order crosses book', status: 400 } as never);
  });

  test('a batch returns one response per order in order, with per-item errors', async () => {
    const { m, seller } = await setup();
    const a = await seller.client.createOrder({ tokenID: m.yes, price: 0.6, size: 10, side: Side.SELL });
    const b = await seller.client.createOrder({ tokenID: m.yes, price: 0.61, size: 10, side: Side.SELL });
    const res = await seller.client.postOrders([
      { order: a, orderType: OrderType.GTC },
      { order: b, orderType: OrderType.GTC },
      { order: a, orderType: OrderType.GTC },
    ]);
    expect(res).toHaveLength(3);
    expect(res[0]).toMatchObject({ success: true, status: 'live' });
    expect(res[1]).toMatchObject({ success: true, status: 'live' });
    expect(res[2]).toMatchObject({ success: false, errorMsg: `order ${res[0]!.orderID} is invalid. Duplicated.` });
    const cancelled = await seller.client.cancelOrders([res[0]!.orderID, res[1]!.orderID]);
    expect(cancelled.canceled.sort()).toEqual([res[0]!.orderID, res[1]!.orderID].sort());
  });

  test('cancels all, or by market, touching only the caller’s orders', async () => {
    const { m, seller, buyer } = await setup();
    const other = await emptyMarket(h.sim);
    await admin(h.sim, `/_sim/wallets/${seller.address}`, { tokens: { [other.yes]: '100000000' } });
    const mine = await sell(seller, m.yes, 0.7, 10);
    const elsewhere = await sell(seller, other.yes, 0.7, 10);
    const theirs = await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.3, size: 10, side: Side.BUY });
    expect(await seller.client.cancelMarketOrders({ market: m.conditionId })).toEqual({ canceled: [mine.orderID], not_canceled: {} });
    expect(await seller.client.cancelAll()).toEqual({ canceled: [elsewhere.orderID], not_canceled: {} });
    expect(await buyer.client.getOrder(theirs.orderID)).toMatchObject({ status: 'LIVE' });
    expect(await seller.client.cancelOrder({ orderID: theirs.orderID })).toEqual({ canceled: [], not_canceled: { [theirs.orderID]: 'order not found' } });
  });

  test('trades show the taker and maker sides and move MATCHED → MINED → CONFIRMED', async () => {
    const { m, seller, buyer } = await setup();
    const ask = await sell(seller, m.yes, 0.52, 100);
    const res = await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.52, size: 40, side: Side.BUY });
    const tradeId = res.tradeIDs![0]!;
    const [taker] = await buyer.client.getTrades({ id: tradeId });
    expect(taker).toMatchObject({ id: tradeId, trader_side: 'TAKER', side: 'BUY', size: '40', price: '0.52', status: 'MATCHED', owner: buyer.creds.key });
    expect(taker!.maker_orders).toEqual([
      expect.objectContaining({ order_id: ask.orderID, matched_amount: '40', price: '0.52', owner: seller.creds.key, side: 'SELL' }),
    ]);
    const [maker] = await seller.client.getTrades({ asset_id: m.yes });
    expect(maker).toMatchObject({ id: tradeId, trader_side: 'MAKER' });
    h.clock.advance(2_000);
    expect((await buyer.client.getTrades({ id: tradeId }))[0]!.status).toBe('MINED');
    h.clock.advance(8_000);
    expect((await buyer.client.getTrades({ id: tradeId }))[0]!.status).toBe('CONFIRMED');
    const paged = await buyer.client.getTradesPaginated({ market: m.conditionId });
    expect(paged.trades).toHaveLength(1);
    expect(paged.next_cursor).toBe('LTE=');
  });

  test('balances move on a fill and the taker pays the market fee at match time', async () => {
    const { m, seller, buyer } = await setup({ feeRate: '0.02' });
    await sell(seller, m.yes, 0.5, 100);
    const before = await buyer.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(before.balance).toBe('1000000000');
    await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 100, side: Side.BUY });
    // 100 shares at 0.50 = 50 pUSD, fee 100 × 0.02 × 0.25 = 0.5 pUSD
    const after = await buyer.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(after.balance).toBe(String(1_000_000_000 - 50_000_000 - 500_000));
    const shares = await buyer.client.getBalanceAllowance({ asset_type: AssetType.CONDITIONAL, token_id: m.yes });
    expect(shares.balance).toBe('100000000');
    expect(Object.values(after.allowances).length).toBe(3);
    const sellerCash = await seller.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(sellerCash.balance).toBe('50000000');
    const updated = await buyer.client.updateBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(updated).toEqual(after as never);
  });

  test('a market BUY sized to the whole balance fits: the fee is reserved at the order’s price, not at ½', async () => {
    const { m, seller } = await setup({ feeRate: '0.02' });
    const buyer = await trader(h.sim, generatePrivateKey(), { collateral: '10000000' });
    await sell(seller, m.yes, 0.9, 100);
    // 9.95 pUSD buys 11.05 shares at 0.90; fee 11.05 × 0.02 × 0.09 ≈ 0.02 → 9.97 ≤ 10 (a reserve at 0.50 asked 10.005).
    const res = await buyer.client.createAndPostMarketOrder({ tokenID: m.yes, amount: 9.95, side: Side.BUY }, undefined, OrderType.FOK);
    expect(res).toMatchObject({ success: true, status: 'matched' });
    const after = await buyer.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(Number(after.balance)).toBeGreaterThanOrEqual(0);
    expect(Number(after.balance)).toBeLessThan(50_000);
  });

  test('the complementary token’s book mirrors each order, and two BUYs of complementary tokens mint a pair', async () => {
    const m = await emptyMarket(h.sim);
    const yesBuyer = await trader(h.sim, generatePrivateKey(), { collateral: '100000000' });
    const noBuyer = await trader(h.sim, generatePrivateKey(), { collateral: '100000000' });
    const bid = await yesBuyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.6, size: 10, side: Side.BUY });
    expect((await noBuyer.client.getOrderBook(m.no)).asks).toEqual([{ price: '0.4', size: '10' }]);
    const res = await noBuyer.client.createAndPostOrder({ tokenID: m.no, price: 0.4, size: 10, side: Side.BUY });
    expect(res).toMatchObject({ status: 'matched', makingAmount: '4', takingAmount: '10' });
    const [trade] = await noBuyer.client.getTrades({ id: res.tradeIDs![0]! });
    expect(trade).toMatchObject({ asset_id: m.no, side: 'BUY', price: '0.4', size: '10', outcome: 'No' });
    expect(trade!.maker_orders[0]).toMatchObject({ order_id: bid.orderID, asset_id: m.yes, price: '0.6', side: 'BUY', outcome: 'Yes' });
    const balance = (t: Trader, asset: AssetType, token?: string) =>
      t.client.getBalanceAllowance({ asset_type: asset, ...(token ? { token_id: token } : {}) }).then((b) => b.balance);
    expect(await balance(yesBuyer, AssetType.COLLATERAL)).toBe('94000000');
    expect(await balance(yesBuyer, AssetType.CONDITIONAL, m.yes)).toBe('10000000');
    expect(await balance(noBuyer, AssetType.COLLATERAL)).toBe('96000000');
    expect(await balance(noBuyer, AssetType.CONDITIONAL, m.no)).toBe('10000000');
    expect(await noBuyer.client.getLastTradePrice(m.yes)).toEqual({ price: '0.6', side: 'SELL' });
  });

  test('two SELLs of complementary tokens that cross merge the pair back into collateral', async () => {
    const m = await emptyMarket(h.sim);
    const yesSeller = await trader(h.sim, generatePrivateKey(), { tokens: { [m.yes]: '10000000' } });
    const noSeller = await trader(h.sim, generatePrivateKey(), { tokens: { [m.no]: '10000000' } });
    await yesSeller.client.createAndPostOrder({ tokenID: m.yes, price: 0.6, size: 10, side: Side.SELL });
    const res = await noSeller.client.createAndPostOrder({ tokenID: m.no, price: 0.4, size: 10, side: Side.SELL });
    expect(res).toMatchObject({ status: 'matched', makingAmount: '10', takingAmount: '4' });
    expect((await yesSeller.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance).toBe('6000000');
    expect((await noSeller.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance).toBe('4000000');
    expect((await noSeller.client.getBalanceAllowance({ asset_type: AssetType.CONDITIONAL, token_id: m.no })).balance).toBe('0');
  });

  test('trades on a neg-risk market with orders signed for the neg-risk exchange', async () => {
    const negRisk = h.sim.exchange.markets.find((mk) => mk.kind === 'neg-risk')!;
    const token = negRisk.tokens[0]!.tokenId;
    const buyer = await trader(h.sim, TEST_KEYS[2]!, { collateral: '1000000000' });
    const book = await buyer.client.getOrderBook(token);
    const bestAsk = Number(book.asks.at(-1)!.price);
    const res = await buyer.client.createAndPostOrder({ tokenID: token, price: bestAsk, size: 5, side: Side.BUY });
    expect(res).toMatchObject({ success: true, status: 'matched', takingAmount: '5' });
  });

  test('trades on a position market with an ExchangeV3 (domain version 3) order', async () => {
    const position = h.sim.exchange.markets.find((mk) => mk.kind === 'position')!;
    const token = position.tokens[0]!.tokenId;
    const buyer = await trader(h.sim, TEST_KEYS[2]!, { collateral: '1000000000' });
    const book = await buyer.client.getOrderBook(token);
    const bestAsk = book.asks.at(-1)!.price;
    const askMicros = Math.round(Number(bestAsk) * 1_000_000);
    const order = await buyer.client.createExchangeV3OrderFromAmounts({ tokenID: token, side: Side.BUY, makerAmount: String(askMicros * 10), takerAmount: '10000000' });
    const res = await buyer.client.postOrder(order, OrderType.GTC);
    expect(res).toMatchObject({ success: true, status: 'matched', takingAmount: '10' });
    const v2 = await buyer.client.createOrder({ tokenID: token, price: Number(bestAsk), size: 10, side: Side.BUY }, { tickSize: '0.001', negRisk: false, version: 2 });
    expect(await buyer.client.postOrder(v2, OrderType.GTC)).toEqual({ error: 'invalid signature', status: 400 } as never);
  });

  test('a resolved market stops trading, cancels open orders, and redeems winning shares at 1 pUSD', async () => {
    const { m, seller, buyer } = await setup();
    await sell(seller, m.yes, 0.6, 50);
    await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.6, size: 20, side: Side.BUY });
    const open = await buyer.client.createAndPostOrder({ tokenID: m.yes, price: 0.3, size: 10, side: Side.BUY });
    expect((await admin(h.sim, `/_sim/markets/${m.conditionId}/resolve`, { winner: m.yes })).status).toBe(200);
    expect(await buyer.client.getOrder(open.orderID)).toMatchObject({ status: 'CANCELED' });
    expect((await buyer.client.getMarket(m.conditionId)).tokens[0]).toMatchObject({ winner: true });
    const redeemed = await admin(h.sim, `/_sim/wallets/${buyer.address}/redeem`, { conditionId: m.conditionId });
    expect(redeemed.json.redeemed).toBe('20000000');
    // 1000 − 12 paid + 20 redeemed
    expect((await buyer.client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance).toBe('1008000000');
    expect((await buyer.client.getBalanceAllowance({ asset_type: AssetType.CONDITIONAL, token_id: m.yes })).balance).toBe('0');
  });

  test('a session that stops heartbeating has its open orders cancelled', async () => {
    const { m, seller } = await setup();
    const first = await seller.client.postHeartbeat();
    expect(first.heartbeat_id).toMatch(/^[0-9a-f-]{36}$/);
    const order = await sell(seller, m.yes, 0.8, 10);
    h.clock.advance(8_000);
    expect(await seller.client.postHeartbeat(first.heartbeat_id)).toEqual({ heartbeat_id: first.heartbeat_id });
    h.clock.advance(8_000);
    expect(await seller.client.getOrder(order.orderID)).toMatchObject({ status: 'LIVE' });
    h.clock.advance(3_000);
    expect(await seller.client.getOrder(order.orderID)).toMatchObject({ status: 'CANCELED' });
    expect(await seller.client.postHeartbeat(first.heartbeat_id)).toMatchObject({ error: 'Invalid Heartbeat ID', status: 400 });
  });
});
