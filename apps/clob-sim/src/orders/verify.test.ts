import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { bytesToHex, getAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { WalletLedger } from '../state/wallets.ts';
import type { SignedOrderV2 } from './decode.ts';
import { exchangeDomain, ORDER_TYPES, orderHash, orderHashReference, verifyOrderSignature } from './verify.ts';

const key = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const;
const account = privateKeyToAccount(key);
const ZERO32 = `0x${'0'.repeat(64)}` as const;

function order(overrides: Partial<SignedOrderV2> = {}): SignedOrderV2 {
  return {
    salt: 123456789n,
    maker: account.address,
    signer: account.address,
    tokenId: '71321045679252212594626385532706912750332728571942532289631379312455583992563',
    makerAmount: 52_000_000,
    takerAmount: 100_000_000,
    side: 'BUY',
    signatureType: 0,
    timestamp: 1_767_000_000_000n,
    expirationSecs: 0,
    metadata: ZERO32,
    builder: `0x${'ab'.repeat(32)}`,
    signature: '0x',
    ...overrides,
  };
}

describe('order hashing and signatures', () => {
  test('the hand-encoded order hash equals viem hashTypedData for V2 and V3 domains', () => {
    for (const domain of [
      exchangeDomain('2', 137, '0xE111180000d2663C0091e4f400237545B87B996B'),
      exchangeDomain('2', 80002, '0xe2222d279d744050d28e00520010520000310F59'),
      exchangeDomain('3', 137, '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa'),
    ]) {
      for (const o of [order(), order({ side: 'SELL', signatureType: 2, salt: 1n })]) expect(orderHash(o, domain)).toBe(orderHashReference(o, domain));
    }
  });

  test('the hand-encoded order hash equals viem hashTypedData for any order the decoder accepts', () => {
    const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
    const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length }).map((b) => bytesToHex(b));
    const address = bytes(20).chain((a) => fc.constantFrom(a, getAddress(a)));
    const arbitraryOrder = fc.record({
      salt: uint256,
      maker: address,
      signer: address,
      tokenId: uint256.map(String),
      makerAmount: fc.maxSafeNat(),
      takerAmount: fc.maxSafeNat(),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      signatureType: fc.integer({ min: 0, max: 3 }),
      timestamp: uint256,
      metadata: bytes(32),
      builder: bytes(32),
    });
    const domains = [exchangeDomain('2', 137, '0xE111180000d2663C0091e4f400237545B87B996B'), exchangeDomain('3', 80002, '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa')];
    fc.assert(
      fc.property(arbitraryOrder, fc.constantFrom(...domains), (fields, domain) => {
        const o = order(fields);
        expect(orderHash(o, domain)).toBe(orderHashReference(o, domain));
      }),
      { numRuns: 300 },
    );
    expect(() => orderHash(order({ salt: 2n ** 256n }), domains[0]!)).toThrow();
  });

  test('verifies an EOA signature only under the domain it was signed for, and not after a signed field changes', async () => {
    const domain = exchangeDomain('2', 137, '0xE111180000d2663C0091e4f400237545B87B996B');
    const o = order();
    const signature = await account.signTypedData({
      domain,
      types: ORDER_TYPES,
      primaryType: 'Order',
      message: { ...o, tokenId: BigInt(o.tokenId), makerAmount: BigInt(o.makerAmount), takerAmount: BigInt(o.takerAmount), side: 0 },
    });
    const ledger = new WalletLedger();
    expect(await verifyOrderSignature({ ...o, signature }, domain, ledger)).toBe('ok');
    expect(await verifyOrderSignature({ ...o, signature, expirationSecs: 99 }, domain, ledger)).toBe('ok');
    expect(await verifyOrderSignature({ ...o, signature, makerAmount: 52_000_001 }, domain, ledger)).toBe('invalid_signature');
    expect(await verifyOrderSignature({ ...o, signature }, exchangeDomain('3', 137, '0xE111180000d2663C0091e4f400237545B87B996B'), ledger)).toBe('invalid_signature');
  });

});
