import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ClobClient, OrderType, Side, SignatureTypeV2 } from '@polymarket/clob-client-v2';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { hmacSignature } from '../src/auth/l2.ts';
import { admin, emptyMarket, startSim, trader, walletFor, type Harness, type Trader } from './harness.ts';
import { NEG_RISK_EXCHANGE_V2, signCustomOrder, type CustomOrder } from './sign.ts';

let h: Harness;
beforeAll(async () => {
  h = await startSim();
});
afterAll(() => h.stop());

type AnyOrder = Parameters<ClobClient['postOrder']>[0];

async function setup() {
  const m = await emptyMarket(h.sim);
  const t = await trader(h.sim, generatePrivateKey(), { collateral: '1000000000', tokens: { [m.yes]: '1000000000' } });
  return { m, t };
}

async function postCustom(t: Trader, spec: CustomOrder, type: OrderType = OrderType.GTC) {
  const order = await signCustomOrder(t.wallet, spec);
  return t.client.postOrder(order as unknown as AnyOrder, type);
}

const refusal = (error: string) => ({ error, status: 400 }) as never;

describe('order refusals with the real status and error body', () => {
  test('a V1-signed order is refused with order_version_mismatch', async () => {
    const { m, t } = await setup();
    const v1 = await t.client.createOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY }, { tickSize: '0.01', negRisk: false, version: 1 });
    expect(await t.client.postOrder(v1, OrderType.GTC)).toEqual(refusal('order_version_mismatch'));
    expect(await t.client.postOrders([{ order: v1, orderType: OrderType.GTC }])).toEqual(refusal('order_version_mismatch'));
  });

  test('an order signed for the wrong exchange (neg-risk vs standard) is an invalid signature', async () => {
    const { m, t } = await setup();
    const wrong = await t.client.createOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY }, { tickSize: '0.01', negRisk: true });
    expect(await t.client.postOrder(wrong, OrderType.GTC)).toEqual(refusal('invalid signature'));
    expect(await postCustom(t, { tokenId: m.yes, makerAmount: '5000000', takerAmount: '10000000', side: 'BUY', verifyingContract: NEG_RISK_EXCHANGE_V2 })).toEqual(
      refusal('invalid signature'),
    );
  });

  test('an order signed for another chain is an invalid signature', async () => {
    const { m, t } = await setup();
    const res = await postCustom(t, { tokenId: m.yes, makerAmount: '5000000', takerAmount: '10000000', side: 'BUY', chainId: 80002 });
    expect(res).toEqual(refusal('invalid signature'));
  });

  test('an off-tick price breaks the minimum tick size rule', async () => {
    const { m, t } = await setup();
    const res = await postCustom(t, { tokenId: m.yes, makerAmount: '5250000', takerAmount: '10000000', side: 'BUY' });
    expect((res as unknown as { error: string }).error).toMatch(/^order 0x[0-9a-f]{64} is invalid\. Price \(0\.525\) breaks minimum tick size rule: 0\.01$/);
  });

  test('a size below the market minimum is refused', async () => {
    const { m, t } = await setup();
    const res = await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 4, side: Side.BUY });
    expect((res as unknown as { error: string }).error).toMatch(/^order 0x[0-9a-f]{64} is invalid\. Size \(4\) lower than the minimum: 5$/);
  });

  test('amounts with too many decimals are refused (limit and market orders)', async () => {
    const { m, t } = await setup();
    expect(await postCustom(t, { tokenId: m.yes, makerAmount: '5123450', takerAmount: '10000000', side: 'BUY' })).toEqual(
      refusal('invalid amounts, the buy orders maker amount supports a max accuracy of 4 decimals, taker amount a max of 2 decimals'),
    );
    expect(await postCustom(t, { tokenId: m.yes, makerAmount: '10001000', takerAmount: '5000000', side: 'SELL' })).toEqual(
      refusal('invalid amounts, the sell orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals'),
    );
    expect(await postCustom(t, { tokenId: m.yes, makerAmount: '1234000', takerAmount: '2468000', side: 'BUY' }, OrderType.FOK)).toEqual(
      refusal('invalid amounts, the market buy orders maker amount supports a max accuracy of 2 decimals, taker amount a max of 4 decimals'),
    );
  });

  test('a marketable BUY under $1 is refused', async () => {
    const { m, t } = await setup();
    expect(await postCustom(t, { tokenId: m.yes, makerAmount: '500000', takerAmount: '1000000', side: 'BUY' }, OrderType.FOK)).toEqual(
      refusal('invalid amount for a marketable BUY order ($0.5), min size: $1'),
    );
  });

  test('insufficient balance, counting open orders, is refused', async () => {
    const m = await emptyMarket(h.sim);
    const t = await trader(h.sim, generatePrivateKey(), { collateral: '10000000' });
    expect(await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 16, side: Side.BUY })).toMatchObject({ status: 'live' });
    const res = await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 6, side: Side.BUY });
    expect((res as unknown as { error: string }).error).toStartWith('not enough balance / allowance');
    const sell = await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 6, side: Side.SELL });
    expect((sell as unknown as { error: string; status: number }).status).toBe(400);
    expect((sell as unknown as { error: string }).error).toStartWith('not enough balance / allowance');
  });

  test('insufficient allowance is refused', async () => {
    const m = await emptyMarket(h.sim);
    const key = generatePrivateKey();
    await admin(h.sim, `/_sim/wallets/${privateKeyToAddress(key)}`, { collateral: '100000000', allowance: '1000000' });
    const t = await trader(h.sim, key);
    const res = await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY });
    expect((res as unknown as { error: string }).error).toStartWith('not enough balance / allowance');
  });

  test('posting the same signed order twice is refused as duplicated', async () => {
    const { m, t } = await setup();
    const order = await t.client.createOrder({ tokenID: m.yes, price: 0.4, size: 10, side: Side.BUY });
    const first = await t.client.postOrder(order, OrderType.GTC);
    expect(first).toMatchObject({ status: 'live' });
    expect(await t.client.postOrder(order, OrderType.GTC)).toEqual(refusal(`order ${first.orderID} is invalid. Duplicated.`));
  });

  test('a GTD whose expiration is inside the 60 s threshold is refused', async () => {
    const { m, t } = await setup();
    const expiration = Math.floor(h.clock.now().getTime() / 1000) + 30;
    const res = await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.4, size: 10, side: Side.BUY, expiration }, undefined, OrderType.GTD);
    expect(res).toEqual(refusal('invalid expiration'));
  });

  test('an order signed by another wallet than the API key is refused', async () => {
    const { m, t } = await setup();
    const stranger = walletFor(generatePrivateKey());
    const order = await signCustomOrder(stranger, { tokenId: m.yes, makerAmount: '5000000', takerAmount: '10000000', side: 'BUY' });
    expect(await t.client.postOrder(order as unknown as AnyOrder, OrderType.GTC)).toEqual(
      refusal('the order signer address has to be the address of the API KEY'),
    );
  });

  test('an order whose owner is another API key is refused', async () => {
    const { m, t } = await setup();
    const order = await signCustomOrder(t.wallet, { tokenId: m.yes, makerAmount: '5000000', takerAmount: '10000000', side: 'BUY' });
    const body = JSON.stringify({ deferExec: false, postOnly: false, order: { ...order, salt: Number(order.salt) }, owner: 'someone-else', orderType: 'GTC' });
    const ts = String(Math.floor(h.clock.now().getTime() / 1000));
    const res = await fetch(`${h.sim.url}/order`, {
      method: 'POST',
      body,
      headers: {
        POLY_ADDRESS: t.address,
        POLY_SIGNATURE: hmacSignature(t.creds.secret, ts, 'POST', '/order', body),
        POLY_TIMESTAMP: ts,
        POLY_API_KEY: t.creds.key,
        POLY_PASSPHRASE: t.creds.passphrase,
      },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'the order owner has to be the owner of the API KEY' });
  });

  test('uint256 fields beyond 2^256 (a salt of 2^300) are an invalid payload, never a 500', async () => {
    const { m, t } = await setup();
    const order = await signCustomOrder(t.wallet, { tokenId: m.yes, makerAmount: '5000000', takerAmount: '10000000', side: 'BUY' });
    const huge = (2n ** 300n).toString();
    for (const field of ['salt', 'tokenId', 'timestamp']) {
      const body = JSON.stringify({ deferExec: false, postOnly: false, order: { ...order, [field]: huge }, owner: t.creds.key, orderType: 'GTC' });
      const ts = String(Math.floor(h.clock.now().getTime() / 1000));
      const res = await fetch(`${h.sim.url}/order`, {
        method: 'POST',
        body,
        headers: {
          POLY_ADDRESS: t.address,
          POLY_SIGNATURE: hmacSignature(t.creds.secret, ts, 'POST', '/order', body),
          POLY_TIMESTAMP: ts,
          POLY_API_KEY: t.creds.key,
          POLY_PASSPHRASE: t.creds.passphrase,
        },
      });
      expect({ field, status: res.status, body: await res.json() }).toEqual({ field, status: 400, body: { error: 'Invalid order payload' } });
    }
  });

  test('an EOA order for another maker, or a proxy wallet whose owner is unknown, is refused', async () => {
    const { m, t } = await setup();
    const proxy = privateKeyToAddress(generatePrivateKey());
    expect(await postCustom(t, { tokenId: m.yes, makerAmount: '5000000', takerAmount: '10000000', side: 'BUY', maker: proxy })).toEqual(
      refusal('maker address not allowed'),
    );
    expect(
      await postCustom(t, { tokenId: m.yes, makerAmount: '5000000', takerAmount: '10000000', side: 'BUY', maker: proxy, signatureType: 1 }),
    ).toEqual(refusal('maker address not allowed'));
  });

  test('a proxy wallet registered to its owner trades with the owner’s signature', async () => {
    const m = await emptyMarket(h.sim);
    const ownerKey = generatePrivateKey();
    const owner = privateKeyToAddress(ownerKey);
    const proxy = privateKeyToAddress(generatePrivateKey());
    await admin(h.sim, `/_sim/wallets/${proxy}`, { collateral: '100000000' });
    expect((await admin(h.sim, `/_sim/wallets/${proxy}/owner`, { owner, signatureType: 1 })).status).toBe(200);
    const base = await trader(h.sim, ownerKey);
    const client = new ClobClient({
      host: h.sim.url,
      chain: 137,
      signer: base.wallet,
      creds: base.creds,
      signatureType: SignatureTypeV2.POLY_PROXY,
      funderAddress: proxy,
    });
    const res = await client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY });
    expect(res).toMatchObject({ success: true, status: 'live' });
    expect((await client.getOpenOrders())[0]).toMatchObject({ maker_address: proxy.toLowerCase() });
  });

  test('a deposit wallet (EIP-1271, ERC-7739 wrapped signature) trades when its owner is registered', async () => {
    const m = await emptyMarket(h.sim);
    const ownerKey = generatePrivateKey();
    const owner = privateKeyToAddress(ownerKey);
    const depositWallet = privateKeyToAddress(generatePrivateKey());
    await admin(h.sim, `/_sim/wallets/${depositWallet}`, { collateral: '100000000' });
    const base = await trader(h.sim, ownerKey);
    const client = new ClobClient({ host: h.sim.url, chain: 137, signer: base.wallet, creds: base.creds, signatureType: SignatureTypeV2.POLY_1271, funderAddress: depositWallet });
    const unregistered = await client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY });
    expect(unregistered).toEqual(refusal('the order signer address has to be the address of the API KEY'));
    await admin(h.sim, `/_sim/wallets/${depositWallet}/owner`, { owner, signatureType: 3 });
    const res = await client.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY });
    expect(res).toMatchObject({ success: true, status: 'live' });
    const stranger = await trader(h.sim, generatePrivateKey());
    const forged = new ClobClient({ host: h.sim.url, chain: 137, signer: stranger.wallet, creds: stranger.creds, signatureType: SignatureTypeV2.POLY_1271, funderAddress: depositWallet });
    expect(await forged.createAndPostOrder({ tokenID: m.yes, price: 0.5, size: 10, side: Side.BUY })).toEqual(
      refusal('the order signer address has to be the address of the API KEY'),
    );
  });

  test('a batch of more than 15 orders is refused', async () => {
    const { m, t } = await setup();
    const order = await t.client.createOrder({ tokenID: m.yes, price: 0.4, size: 10, side: Side.BUY });
    const many = Array.from({ length: 16 }, () => ({ order, orderType: OrderType.GTC }));
    expect(await t.client.postOrders(many)).toEqual(refusal('Too many orders in payload: 16, max allowed: 15'));
  });

  test('an order for a resolved market is refused', async () => {
    const { m, t } = await setup();
    await admin(h.sim, `/_sim/markets/${m.conditionId}/resolve`, { winner: m.yes });
    const res = await t.client.createAndPostOrder({ tokenID: m.yes, price: 0.4, size: 10, side: Side.BUY });
    expect(res).toEqual(refusal('the market is not yet ready to process new orders'));
  });
});
