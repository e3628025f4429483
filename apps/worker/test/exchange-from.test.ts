import { expect, test } from 'bun:test';
import { loadConfig } from '@polymancer/config';
import { exchangeFrom, redemptionRelayerFor } from '../src/compose.ts';

const base = { POLYMANCER_ENV: 'test', AUTH_SECRET: 'test-secret-test-secret-test-secret-0123' };

test('the worker reads trade prints from the local exchange\'s data routes, or from Polymarket\'s data API when the real venue is configured', () => {
  expect(exchangeFrom(loadConfig(base), 'http://127.0.0.1:8090')).toMatchObject({ clobUrl: 'http://127.0.0.1:8090', gammaUrl: 'http://127.0.0.1:8090/gamma', dataUrl: 'http://127.0.0.1:8090/data-api', synthetic: true });
  const mainnet = loadConfig({ ...base, POLYMARKET_ENVIRONMENT: 'mainnet', POLYGON_RPC_URL: 'http://127.0.0.1:8545' });
  expect(exchangeFrom(mainnet, 'http://127.0.0.1:8090')).toMatchObject({ dataUrl: 'https://data-api.polymarket.com', synthetic: false });
  const custom = loadConfig({ ...base, POLYMARKET_CLOB_URL: 'http://clob.test', POLYMARKET_DATA_URL: 'http://data.test' });
  expect(exchangeFrom(custom, 'http://127.0.0.1:8090').dataUrl).toBe('http://data.test');
});

test('redemptions go through Polymarket\'s relayer protocol whenever the environment names a relayer; the local chain relays itself otherwise', () => {
  const rpc = 'http://127.0.0.1:8545';
  expect(redemptionRelayerFor(loadConfig(base), rpc, true).kind).toBe('self');
  expect(redemptionRelayerFor(loadConfig({ ...base, POLYMARKET_RELAYER_URL: 'http://127.0.0.1:8090/relayer' }), rpc, true).kind).toBe('polymarket');
  const mainnet = loadConfig({ ...base, POLYMARKET_ENVIRONMENT: 'mainnet', POLYGON_RPC_URL: rpc, POLYMARKET_RELAYER_API_KEY: 'rk', POLYMARKET_RELAYER_API_KEY_ADDRESS: `0x${'1'.repeat(40)}` });
  expect(mainnet.relayer).toEqual({ url: 'https://relayer-v2.polymarket.com', auth: { kind: 'relayer_api_key', apiKey: 'rk', address: `0x${'1'.repeat(40)}` } });
  expect(redemptionRelayerFor(mainnet, rpc, false).kind).toBe('polymarket');
  expect(redemptionRelayerFor(loadConfig({ ...base, POLYMARKET_CLOB_URL: 'http://clob.test', POLYGON_RPC_URL: rpc }), rpc, false)).toEqual({ kind: 'none', relayer: undefined });
});
