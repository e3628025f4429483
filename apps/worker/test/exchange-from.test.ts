import { expect, test } from 'bun:test';
import { loadConfig } from '@polymancer/config';
import { exchangeFrom } from '../src/compose.ts';

const base = { POLYMANCER_ENV: 'test', AUTH_SECRET: 'test-secret-test-secret-test-secret-0123' };

test('the worker reads trade prints from the local exchange\'s data routes, or from Polymarket\'s data API when the real venue is configured', () => {
  expect(exchangeFrom(loadConfig(base), 'http://127.0.0.1:8090')).toMatchObject({ clobUrl: 'http://127.0.0.1:8090', gammaUrl: 'http://127.0.0.1:8090/gamma', dataUrl: 'http://127.0.0.1:8090/data-api', synthetic: true });
  const mainnet = loadConfig({ ...base, POLYMARKET_ENVIRONMENT: 'mainnet', POLYGON_RPC_URL: 'http://127.0.0.1:8545' });
  expect(exchangeFrom(mainnet, 'http://127.0.0.1:8090')).toMatchObject({ dataUrl: 'https://data-api.polymarket.com', synthetic: false });
  const custom = loadConfig({ ...base, POLYMARKET_CLOB_URL: 'http://clob.test', POLYMARKET_DATA_URL: 'http://data.test' });
  expect(exchangeFrom(custom, 'http://127.0.0.1:8090').dataUrl).toBe('http://data.test');
});
