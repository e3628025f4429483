/**
 * `createPolymarketRelayer` on the wire: a local HTTP server records what the adapter sends and answers as
 * Polymarket's relayer does (ts-sdk bindings `relayer/transaction.ts`). The end-to-end redemption through the
 * local exchange's relayer on anvil is `packages/bots/test/live-redemption-relayer.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Address, Hex } from 'viem';
import { builderHmacSignature, createPolymarketRelayer, PolymarketRelayerError, type RelayerAuth } from '../src/index.ts';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const HASH = `0x${'ab'.repeat(32)}` as Hex;
const OWNER = '0x1111111111111111111111111111111111111111' as Address;
const WALLET = '0x2222222222222222222222222222222222222222' as Address;
const ADAPTER = '0xAdA100Db00Ca00073811820692005400218FcE1f' as Address;

describe('createPolymarketRelayer (Polymarket relayer protocol over HTTP)', () => {
  let server: ReturnType<typeof Bun.serve>;
  let url: string;
  const seen: Seen[] = [];
  /** Scripted answers by `METHOD path`, consumed in order (the last one repeats). */
  let script: Record<string, Array<{ status: number; body: unknown } | 'hang'>> = {};

  beforeAll(() => {
    server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      async fetch(request) {
        const u = new URL(request.url);
        const body = await request.text();
        const headers: Record<string, string> = {};
        request.headers.forEach((value, name) => {
          headers[name] = value;
        });
        seen.push({ method: request.method, path: u.pathname, query: u.search, headers, body });
        const queue = script[`${request.method} ${u.pathname}`] ?? [{ status: 404, body: { error: 'not found' } }];
        const next = queue.length > 1 ? queue.shift()! : queue[0]!;
        if (next === 'hang') return new Promise<Response>(() => undefined);
        return new Response(JSON.stringify(next.body), { status: next.status, headers: { 'content-type': 'application/json' } });
      },
    });
    url = `http://127.0.0.1:${server.port}/`;
  });
  afterAll(() => server.stop(true));

  const relayer = (auth?: RelayerAuth, extra: Partial<Parameters<typeof createPolymarketRelayer>[0]> = {}) =>
    createPolymarketRelayer({ relayerUrl: url, ...(auth === undefined ? {} : { auth }), sleep: async () => undefined, nowSecs: () => 1_700_000_000, ...extra });
  const batch = { from: OWNER, wallet: WALLET, nonce: 7n, deadline: 1_700_000_300n, calls: [{ target: ADAPTER, value: 0n, data: '0x01020304' as Hex }], signature: '0xsig' as Hex };
  const apiKey: RelayerAuth = { kind: 'relayer_api_key', apiKey: 'relayer-key-0123', address: OWNER };
  const reset = (s: typeof script) => {
    seen.length = 0;
    script = s;
  };

  test('the builder HMAC matches Polymarket\'s builder-signing-sdk test vector', () => {
    expect(builderHmacSignature('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', 1_000_000, 'test-sign', '/orders', '{"hash": "0x123"}')).toBe('ZwAdJKvoYRlEKDkNMwd5BuwNNtg93kNaR_oU2HrfVvc=');
  });

  test('a deposit wallet batch is submitted as Polymarket\'s client sends it, with the Relayer API key headers, then polled to STATE_CONFIRMED for its hash', async () => {
    reset({
      'POST /submit': [{ status: 200, body: { transactionID: 'tx-1', state: 'STATE_NEW' } }],
      'GET /v1/account/transactions/tx-1': [
        { status: 200, body: { transaction_id: 'tx-1', state: 'STATE_NEW', transaction_hash: '' } },
        { status: 200, body: { transaction_id: 'tx-1', state: 'STATE_EXECUTED', transaction_hash: HASH } },
        { status: 200, body: { transaction_id: 'tx-1', state: 'STATE_CONFIRMED', transaction_hash: HASH } },
      ],
    });
    expect(await relayer(apiKey, { depositWalletFactory: '0x00000000000Fb5C9ADea0298D729A0CB3823Cc07' }).relay(batch)).toEqual({ txHash: HASH });
    const [submit, ...polls] = seen;
    expect(submit).toMatchObject({ method: 'POST', path: '/submit', headers: { relayer_api_key: 'relayer-key-0123', relayer_api_key_address: OWNER, 'content-type': 'application/json' } });
    expect(JSON.parse(submit!.body)).toEqual({
      type: 'WALLET',
      from: OWNER,
      to: '0x00000000000Fb5C9ADea0298D729A0CB3823Cc07',
      nonce: '7',
      signature: '0xsig',
      depositWalletParams: { depositWallet: WALLET, deadline: '1700000300', calls: [{ target: ADAPTER, value: '0', data: '0x01020304' }] },
      metadata: 'Polymancer: redeem positions',
    });
    expect(polls.map((p) => `${p.method} ${p.path}`)).toEqual(Array(3).fill('GET /v1/account/transactions/tx-1'));
  });

  test('builder credentials sign each request: HMAC over timestamp + method + path (no query) + body', async () => {
    const secret = Buffer.from('a builder secret of 32 bytes!!!!').toString('base64');
    const auth: RelayerAuth = { kind: 'builder', key: 'bk-1', secret, passphrase: 'pass-1' };
    reset({ 'GET /v1/account/transactions/params': [{ status: 200, body: { address: WALLET, nonce: '3' } }] });
    expect(await relayer(auth).proxyRelayPayload(OWNER)).toEqual({ relay: WALLET, nonce: 3n });
    const [params] = seen;
    expect(params!.query).toBe(`?address=${OWNER}&type=PROXY`);
    expect(params!.headers).toMatchObject({ poly_builder_api_key: 'bk-1', poly_builder_passphrase: 'pass-1', poly_builder_timestamp: '1700000000', poly_builder_signature: builderHmacSignature(secret, 1_700_000_000, 'GET', '/v1/account/transactions/params') });

    reset({ 'POST /submit': [{ status: 200, body: { transactionID: 'tx-2', state: 'STATE_MINED', transactionHash: HASH } }] });
    const safe = { safe: WALLET, from: OWNER, to: ADAPTER, value: 0n, data: '0xdead' as Hex, operation: 0, safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, gasToken: '0x0000000000000000000000000000000000000000' as Address, refundReceiver: '0x0000000000000000000000000000000000000000' as Address, nonce: 4n, signature: '0xsafe' as Hex };
    expect(await relayer(auth).relaySafe(safe)).toEqual({ txHash: HASH });
    const [submit] = seen;
    expect(submit!.headers.poly_builder_signature).toBe(builderHmacSignature(secret, 1_700_000_000, 'POST', '/submit', submit!.body));
    expect(JSON.parse(submit!.body)).toEqual({
      type: 'SAFE',
      from: OWNER,
      to: ADAPTER,
      proxyWallet: WALLET,
      data: '0xdead',
      nonce: '4',
      signature: '0xsafe',
      signatureParams: { operation: '0', safeTxnGas: '0', baseGas: '0', gasPrice: '0', gasToken: '0x0000000000000000000000000000000000000000', refundReceiver: '0x0000000000000000000000000000000000000000' },
      metadata: 'Polymancer: redeem positions',
    });
  });

  test('a proxy relay request carries the proxy wallet and the GSN signature parameters', async () => {
    reset({ 'POST /submit': [{ status: 200, body: { transactionID: 'tx-3', state: 'STATE_CONFIRMED', transactionHash: HASH } }] });
    const request = { from: OWNER, proxyWallet: WALLET, to: ADAPTER, data: '0xbeef' as Hex, txFee: 0n, gasPrice: 0n, gasLimit: 250_000n, nonce: 2n, relayHub: '0xD216153c06E857cD7f72665E0aF1d7D82172F494' as Address, relay: '0x3333333333333333333333333333333333333333' as Address, signature: '0xproxy' as Hex };
    expect(await relayer(apiKey).relayProxy(request)).toEqual({ txHash: HASH });
    expect(JSON.parse(seen[0]!.body)).toEqual({
      type: 'PROXY',
      from: OWNER,
      to: ADAPTER,
      proxyWallet: WALLET,
      data: '0xbeef',
      nonce: '2',
      signature: '0xproxy',
      signatureParams: { gasLimit: '250000', gasPrice: '0', relay: '0x3333333333333333333333333333333333333333', relayHub: '0xD216153c06E857cD7f72665E0aF1d7D82172F494', relayerFee: '0' },
      metadata: 'Polymancer: redeem positions',
    });
  });

  test('STATE_FAILED is a value: failed with the relayer\'s reason and the hash it mined', async () => {
    reset({
      'POST /submit': [{ status: 200, body: { transactionID: 'tx-4', state: 'STATE_NEW' } }],
      'GET /v1/account/transactions/tx-4': [{ status: 200, body: { transaction_id: 'tx-4', state: 'STATE_FAILED', transaction_hash: HASH, error_msg: 'execution reverted' } }],
    });
    expect(await relayer(apiKey).relay(batch)).toEqual({ txHash: HASH, failed: 'execution reverted' });
    reset({ 'POST /submit': [{ status: 200, body: { transactionID: 'tx-5', state: 'STATE_INVALID' } }] });
    expect(await relayer(apiKey).relay(batch)).toEqual({ txHash: null, failed: 'the relayer reported STATE_INVALID' });
  });

  test('a poll budget that runs out answers with what is known; failing polls do not fail a submit that went through', async () => {
    reset({
      'POST /submit': [{ status: 200, body: { transactionID: 'tx-6', state: 'STATE_NEW' } }],
      'GET /v1/account/transactions/tx-6': [{ status: 502, body: { error: 'bad gateway' } }, { status: 200, body: { transaction_id: 'tx-6', state: 'STATE_NEW', transaction_hash: '' } }],
    });
    expect(await relayer(apiKey, { maxPolls: 3 }).relay(batch)).toEqual({ txHash: null });
    expect(seen.filter((s) => s.method === 'GET')).toHaveLength(3);
  });

  test('errors have stable codes, and never carry the URL or a secret', async () => {
    const expectError = async (promise: Promise<unknown>, code: string, retryable: boolean) => {
      const error = (await promise.then(() => undefined, (e: unknown) => e)) as PolymarketRelayerError;
      expect(error).toBeInstanceOf(PolymarketRelayerError);
      expect({ code: error.code as string, retryable: error.retryable }).toEqual({ code, retryable });
      const text = `${error.message} ${JSON.stringify(error.details)}`;
      for (const secret of ['relayer-key-0123', '127.0.0.1', String(server.port)]) expect(text).not.toContain(secret);
      return error;
    };
    reset({ 'POST /submit': [{ status: 503, body: { error: 'upstream down' } }] });
    await expectError(relayer(apiKey).relay(batch), 'relayer_unavailable', true);
    reset({ 'POST /submit': [{ status: 401, body: { error: 'invalid api key relayer-key-0123' } }] });
    const unauthorized = await expectError(relayer(apiKey).relay(batch), 'relayer_unauthorized', false);
    expect(unauthorized.message).toBe('the relayer refused the submit: invalid api key [redacted]');
    reset({ 'POST /submit': [{ status: 400, body: { error: 'batch nonce 7 does not match on-chain nonce 8' } }] });
    await expectError(relayer(apiKey).relay(batch), 'relayer_rejected', false);
    reset({ 'POST /submit': [{ status: 400, body: { error: 'wallet has in-flight action' } }] });
    await expectError(relayer(apiKey).relay(batch), 'relayer_busy', true);
    reset({ 'POST /submit': [{ status: 429, body: {} }] });
    await expectError(relayer(apiKey).relay(batch), 'relayer_rate_limited', true);
    reset({ 'POST /submit': ['hang'] });
    await expectError(relayer(apiKey, { timeoutMs: 150 }).relay(batch), 'relayer_timeout', true);
    reset({ 'POST /submit': [{ status: 200, body: { state: 'STATE_NEW' } }] });
    await expectError(relayer(apiKey).relay(batch), 'relayer_bad_response', false);
    await expectError(relayer(apiKey).relay({ ...batch, from: undefined } as never), 'relayer_request_incomplete', false);
  });
});
