import { describe, expect } from 'bun:test';
import { readSharedJson, testWithSharedData } from '../../../../test/shared-data.ts';
import { Exchange } from '../state/exchange.ts';
import { ManualClock } from '@polymancer/core';
import { verifyL1 } from './l1.ts';
import { hmacSignature } from './l2.ts';

type Vectors = {
  clob_auth_eip712_l1: { domain: { chain_id: number }; message: { address: string; timestamp: string; nonce: number }; expected_signature: string };
  l2_hmac: { secret: string; timestamp: string; method: string; request_path: string; body: string; expected_signature: string };
  orderbook_summary_hash: { cases: { book: Record<string, unknown>; expected_hash: string }[] };
};

describe('Polymarket signing vectors', () => {
  testWithSharedData('accepts the published ClobAuth L1 signature and refuses it on another chain', 'polymarket/vectors', async () => {
    const v = readSharedJson<Vectors>('polymarket', 'vectors', 'polymarket_signing_vectors.json').clob_auth_eip712_l1;
    const headers = {
      poly_address: v.message.address,
      poly_signature: v.expected_signature,
      poly_timestamp: v.message.timestamp,
      poly_nonce: String(v.message.nonce),
    };
    const now = Number(v.message.timestamp);
    expect(await verifyL1(headers, v.domain.chain_id, now, 300)).toEqual({ ok: true, value: { address: v.message.address.toLowerCase(), nonce: '23' } });
    expect((await verifyL1(headers, 137, now, 300)).ok).toBe(false);
    expect((await verifyL1(headers, v.domain.chain_id, now + 301, 300)).ok).toBe(false);
  });

  testWithSharedData('reproduces the published L2 HMAC', 'polymarket/vectors', () => {
    const v = readSharedJson<Vectors>('polymarket', 'vectors', 'polymarket_signing_vectors.json').l2_hmac;
    expect(hmacSignature(v.secret, v.timestamp, v.method, v.request_path, v.body)).toBe(v.expected_signature);
  });

  testWithSharedData('reproduces the published order book summary hashes', 'polymarket/vectors', () => {
    const exchange = new Exchange({ chainId: 137, clock: new ManualClock(), serverSecret: 's', settlement: { minedAfterMs: 1, confirmedAfterMs: 2 }, heartbeatTimeoutMs: 1 });
    for (const c of readSharedJson<Vectors>('polymarket', 'vectors', 'polymarket_signing_vectors.json').orderbook_summary_hash.cases) {
      expect(exchange.bookHash(c.book)).toBe(c.expected_hash);
    }
  });
});
