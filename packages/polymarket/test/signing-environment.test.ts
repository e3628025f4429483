/**
 * The environment profile's chain id and contracts reach signing and chain reads (`signingEnvironment`): a
 * profile the official client cannot sign for is refused at start, and a venue on Amoy (80002) signs orders a
 * local exchange on 80002 verifies — the same order signed for Polygon (137) is refused there.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ConfigError, ManualClock } from '@polymancer/core';
import { type ClobSim, createClobSim } from '@polymancer/clob-sim';
import { ClobClient } from '@polymarket/clob-client-v2';
import { createWalletClient, http } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { polygonAmoy } from 'viem/chains';
import { createPolymarketLiveVenue, POLYGON_CONTRACTS, signingEnvironment } from '../src/index.ts';

const amoy = {
  collateral: '0x9c4e1703476e875070ee25b56a58b008cfb8fa78',
  conditionalTokens: '0x69308FB512518e39F9b16112fA8d994F4e2Bf8bB',
  exchangeV2: '0xE111180000d2663C0091e4f400237545B87B996B',
  negRiskExchangeV2: '0xe2222d279d744050d28e00520010520000310F59',
  exchangeV3: '0x9fE6e61422AdB6F610d8597F9684b16912D50C3D',
  ctfCollateralAdapter: '0x1111111111111111111111111111111111111111',
  negRiskCtfCollateralAdapter: '0x2222222222222222222222222222222222222222',
  depositWalletFactory: '0x3333333333333333333333333333333333333333',
};

describe('signingEnvironment', () => {
  test('no profile contracts: Polygon (137) and its contracts', () => {
    expect(signingEnvironment({ chainId: undefined, contracts: undefined })).toEqual({ chainId: 137, contracts: POLYGON_CONTRACTS });
  });

  test('a chain the official client cannot sign for is refused, naming the setting', () => {
    expect(() => signingEnvironment({ chainId: 31337, contracts: amoy })).toThrow(ConfigError);
    expect(() => signingEnvironment({ chainId: 31337, contracts: amoy })).toThrow('POLYMARKET_CHAIN_ID 31337: the official Polymarket client signs orders only for Polygon (137) and Amoy (80002)');
  });

  test('exchange addresses other than the ones the client signs for are refused; the rest are what the chain is read against', () => {
    expect(() => signingEnvironment({ chainId: 80002, contracts: { ...amoy, exchangeV3: POLYGON_CONTRACTS.exchangeV3 } })).toThrow('POLYMARKET_CONTRACTS.exchangeV3');
    const env = signingEnvironment({ chainId: 80002, contracts: amoy });
    expect(env.chainId).toBe(80002);
    expect(env.contracts).toMatchObject({ pusd: amoy.collateral, conditionalTokens: amoy.conditionalTokens, ctfCollateralAdapter: amoy.ctfCollateralAdapter, depositWalletFactory: amoy.depositWalletFactory, exchangeV3: amoy.exchangeV3 });
  });
});

describe('a venue signs for the profile’s chain (local exchange on Amoy, over HTTP)', () => {
  let sim: ClobSim;
  beforeAll(async () => {
    sim = await createClobSim({ port: 0, seed: 3, clock: new ManualClock(Date.now()), marketMakers: false, chainId: 80002 });
  }, 60_000);
  afterAll(async () => {
    await sim?.stop();
  });

  test('signed for 80002 the exchange verifies the order (and judges the book); signed for 137 it refuses the signature', async () => {
    const key = generatePrivateKey();
    const signer = privateKeyToAccount(key);
    const wallet = createWalletClient({ account: signer, chain: polygonAmoy, transport: http('http://127.0.0.1:9') });
    const creds = await new ClobClient({ host: sim.url, chain: 80002, signer: wallet }).createOrDeriveApiKey(0);
    const created = (await (await fetch(`${sim.url}/_sim/markets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'amoy?', kind: 'binary' }) })).json()) as { tokens: { token_id: string }[] };
    await fetch(`${sim.url}/_sim/wallets/${signer.address}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ collateral: '100000000', tokens: {} }) });
    const account = { walletType: 0 as const, signerAddress: signer.address, funderAddress: signer.address };
    const secrets = () => ({ privateKey: Buffer.from(key.slice(2), 'hex'), apiKey: creds.key, apiSecret: creds.secret, apiPassphrase: creds.passphrase });
    const spec = { tokenId: created.tokens[0]!.token_id, side: 'BUY' as const, amountMicros: 5_000_000, limitPriceMicros: 600_000, tickSizeMicros: 10_000, exchange: 'ctf_v2' as const };

    const onAmoy = createPolymarketLiveVenue({ clobUrl: sim.url, chainId: signingEnvironment({ chainId: 80002, contracts: amoy }).chainId });
    const verified = await onAmoy.post(account, secrets(), await onAmoy.sign(account, secrets(), spec));
    expect(verified).toMatchObject({ kind: 'rejected', code: 'fok_not_filled' }); // an empty book: verified, then not filled

    const onPolygon = createPolymarketLiveVenue({ clobUrl: sim.url, chainId: 137 });
    const refused = await onPolygon.post(account, secrets(), await onPolygon.sign(account, secrets(), spec));
    expect(refused).toMatchObject({ kind: 'rejected', code: 'invalid_signature' });
  }, 60_000);
});
