/**
 * Who the local relayer lets submit: Polymarket's two schemes (Relayer API key pair, builder HMAC), for keys
 * issued at run time or trusted from the start (`start` passes the worker's configured credentials). The
 * relaying itself is tested end to end in packages/bots/test/live-redemption-relayer.test.ts.
 */
import { describe, expect, test } from 'bun:test';
import { builderHmacSignature } from '@polymancer/polymarket';
import { createPublicClient, http } from 'viem';
import { LocalRelayer } from '../src/index.ts';

const unusedRpc = 'http://127.0.0.1:9';
const relayer = (trusted?: ConstructorParameters<typeof LocalRelayer>[0]['trusted']) =>
  new LocalRelayer({
    rpcUrl: unusedRpc,
    chainId: 137,
    client: createPublicClient({ transport: http(unusedRpc) }),
    relayHub: '0xD216153c06E857cD7f72665E0aF1d7D82172F494',
    walletsOf: { depositWallet: async (a) => a, safe: async (a) => a },
    ...(trusted === undefined ? {} : { trusted }),
  });
const address = `0x${'ab'.repeat(20)}`;
const now = 1_700_000_000;

describe('local relayer authorization', () => {
  test('a Relayer API key counts only with the address it was issued for; a trusted one from the start too', () => {
    const r = relayer([{ kind: 'relayer_api_key', apiKey: 'configured-key', address }]);
    const issued = r.issueApiKey(address);
    expect(r.authorized({ relayer_api_key: issued.apiKey, relayer_api_key_address: address.toUpperCase().replace('0X', '0x') }, 'POST', '/submit', '{}', now)).toBe(true);
    expect(r.authorized({ relayer_api_key: 'configured-key', relayer_api_key_address: address }, 'POST', '/submit', '{}', now)).toBe(true);
    expect(r.authorized({ relayer_api_key: issued.apiKey, relayer_api_key_address: `0x${'cd'.repeat(20)}` }, 'POST', '/submit', '{}', now)).toBe(false);
    expect(r.authorized({ relayer_api_key: 'guessed', relayer_api_key_address: address }, 'POST', '/submit', '{}', now)).toBe(false);
    expect(r.authorized({}, 'POST', '/submit', '{}', now)).toBe(false);
  });

  test('builder HMAC: the signature over timestamp, method, path and body, within 5 minutes, with the passphrase', () => {
    const r = relayer();
    const creds = r.issueBuilderKey();
    const body = '{"type":"WALLET"}';
    const headers = (ts: number, signedBody = body) => ({ poly_builder_api_key: creds.key, poly_builder_passphrase: creds.passphrase, poly_builder_timestamp: String(ts), poly_builder_signature: builderHmacSignature(creds.secret, ts, 'POST', '/submit', signedBody) });
    expect(r.authorized(headers(now), 'POST', '/submit', body, now)).toBe(true);
    expect(r.authorized(headers(now, '{"type":"SAFE"}'), 'POST', '/submit', body, now)).toBe(false);
    expect(r.authorized(headers(now - 301), 'POST', '/submit', body, now)).toBe(false);
    expect(r.authorized({ ...headers(now), poly_builder_passphrase: 'wrong' }, 'POST', '/submit', body, now)).toBe(false);
  });
});
