import { describe, expect, test } from 'bun:test';
import { loadConfig, POLYGON_CONTRACTS } from '@polymancer/config';

const rpc = 'https://polygon-rpc.example.com';
const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('exchange environments', () => {
  test('nothing set: the local exchange, its chain and contracts (deployed when it runs)', () => {
    const c = loadConfig({});
    expect(c.exchangeEnvironment).toEqual({ name: 'local', clobUrl: undefined, gammaUrl: undefined, relayerUrl: undefined, rpcUrl: undefined, chainId: undefined, contracts: undefined });
    expect(c.polymarket.clobUrl).toBeUndefined();
    expect(c.liveRolloutStartedAt).toBeUndefined();
  });

  test('mainnet names Polymarket’s hosts, chain 137 and its contract addresses together', () => {
    const c = loadConfig({ POLYMARKET_ENVIRONMENT: 'mainnet', POLYGON_RPC_URL: rpc });
    expect(c.exchangeEnvironment).toEqual({
      name: 'mainnet',
      clobUrl: 'https://clob.polymarket.com',
      gammaUrl: 'https://gamma-api.polymarket.com',
      relayerUrl: 'https://relayer-v2.polymarket.com',
      rpcUrl: rpc,
      chainId: 137,
      contracts: POLYGON_CONTRACTS,
    });
    expect(c.polymarket).toEqual({ clobUrl: 'https://clob.polymarket.com', gammaUrl: 'https://gamma-api.polymarket.com', dataUrl: 'https://data-api.polymarket.com' });
    expect(POLYGON_CONTRACTS.collateral).toBe('0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB');
    expect(POLYGON_CONTRACTS.exchangeV2).toBe('0xE111180000d2663C0091e4f400237545B87B996B');
    expect(POLYGON_CONTRACTS.negRiskExchangeV2).toBe('0xe2222d279d744050d28e00520010520000310F59');
  });

  test('mainnet is refused without an RPC, with another CLOB host, or another chain — each named', () => {
    expect(problemsOf({ POLYMARKET_ENVIRONMENT: 'mainnet' })).toContain('POLYGON_RPC_URL: required with POLYMARKET_ENVIRONMENT=mainnet');
    expect(problemsOf({ POLYMARKET_ENVIRONMENT: 'mainnet', POLYGON_RPC_URL: rpc, POLYMARKET_CLOB_URL: 'https://clob.example.com' })).toContain(
      'POLYMARKET_CLOB_URL: mainnet is https://clob.polymarket.com; to use https://clob.example.com set POLYMARKET_ENVIRONMENT=custom',
    );
    expect(problemsOf({ POLYMARKET_ENVIRONMENT: 'mainnet', POLYGON_RPC_URL: rpc, POLYMARKET_CHAIN_ID: '80002' })).toContain('POLYMARKET_CHAIN_ID: mainnet is Polygon, chain 137 (got 80002)');
    expect(problemsOf({ POLYMARKET_ENVIRONMENT: 'mainnet', POLYGON_RPC_URL: rpc, POLYMARKET_CONTRACTS: '{}' })).toContain('POLYMARKET_CONTRACTS: only a custom environment takes contract addresses');
  });

  test('preproduction: Polymarket’s pre-production hosts on chain 137 with the production contracts', () => {
    const c = loadConfig({ POLYMARKET_ENVIRONMENT: 'preproduction', POLYGON_RPC_URL: rpc });
    expect(c.exchangeEnvironment).toMatchObject({ clobUrl: 'https://clob-preprod-int-v2.polymarket.com', relayerUrl: 'https://relayer-v2-preprod-int.polymarket.com', chainId: 137, contracts: POLYGON_CONTRACTS });
  });

  test('a CLOB URL alone is a custom host on Polygon (what the setting meant before profiles)', () => {
    const c = loadConfig({ POLYMARKET_CLOB_URL: 'http://127.0.0.1:8090/' });
    expect(c.exchangeEnvironment).toMatchObject({ name: 'custom', clobUrl: 'http://127.0.0.1:8090', chainId: 137, contracts: POLYGON_CONTRACTS });
    expect(c.polymarket.clobUrl).toBe('http://127.0.0.1:8090');
  });

  test('a custom host on another chain needs its contracts, each a 20-byte address', () => {
    const base = { POLYMARKET_ENVIRONMENT: 'custom', POLYMARKET_CLOB_URL: 'http://127.0.0.1:8090', POLYMARKET_CHAIN_ID: '31337' };
    expect(problemsOf(base)).toContain('POLYMARKET_CONTRACTS: required for chain 31337');
    const contracts = { ...POLYGON_CONTRACTS, collateral: '0x5FbDB2315678afecb367f032d93F642f64180aa3' };
    const c = loadConfig({ ...base, POLYMARKET_CONTRACTS: JSON.stringify(contracts) });
    expect(c.exchangeEnvironment).toMatchObject({ name: 'custom', chainId: 31337, contracts });
    const bad = problemsOf({ ...base, POLYMARKET_CONTRACTS: JSON.stringify({ ...contracts, exchangeV2: '0x123', extra: '0x' }) });
    expect(bad).toContain('POLYMARKET_CONTRACTS: unknown contract(s) extra');
    expect(bad).toContain('POLYMARKET_CONTRACTS: exchangeV2 must be 0x followed by 40 hex digits');
    expect(problemsOf({ ...base, POLYMARKET_CONTRACTS: 'not json' })).toContain('POLYMARKET_CONTRACTS: not JSON');
    expect(problemsOf({ POLYMARKET_ENVIRONMENT: 'custom' })).toContain('POLYMARKET_CLOB_URL: required with POLYMARKET_ENVIRONMENT=custom');
  });

  test('local refuses a CLOB URL (that is custom)', () => {
    expect(problemsOf({ POLYMARKET_ENVIRONMENT: 'local', POLYMARKET_CLOB_URL: 'http://x.example' })).toContain('POLYMARKET_CLOB_URL: the local environment runs its own exchange');
  });

  test('the live exchange timeout: 10 s by default, within 100 ms and the 30 s signing scope', () => {
    expect(loadConfig({}).liveExchangeTimeoutMs).toBe(10_000);
    expect(loadConfig({ LIVE_EXCHANGE_TIMEOUT_MS: '2500' }).liveExchangeTimeoutMs).toBe(2_500);
    expect(problemsOf({ LIVE_EXCHANGE_TIMEOUT_MS: '30000' })).toContain('LIVE_EXCHANGE_TIMEOUT_MS');
    expect(problemsOf({ LIVE_EXCHANGE_TIMEOUT_MS: '0' })).toContain('LIVE_EXCHANGE_TIMEOUT_MS');
  });

  test('the rollout start is an ISO instant', () => {
    expect(loadConfig({ LIVE_ROLLOUT_STARTED_AT: '2026-06-01T00:00:00Z' }).liveRolloutStartedAt?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(problemsOf({ LIVE_ROLLOUT_STARTED_AT: 'next week' })).toContain('LIVE_ROLLOUT_STARTED_AT');
  });
});
