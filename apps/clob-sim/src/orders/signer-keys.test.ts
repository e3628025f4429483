/**
 * The cached-key signature check answers exactly as viem's `recoverAddress` (ecrecover) does, on
 * valid, tampered, wrong-signer, malleated (high-s), re-encoded and malformed signatures, for signers
 * whose key is known (the table check) and for signers seen for the first time.
 */
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { secp256k1 } from '@noble/curves/secp256k1';
import { bytesToHex, recoverAddress, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { SignerKeys } from './signer-keys.ts';

const N = secp256k1.CURVE.n;
// Anvil's public test keys (never hold value).
const accounts = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a5d7f62d5f20',
].map((key) => privateKeyToAccount(key as Hex));

const word = (value: bigint) => value.toString(16).padStart(64, '0');

/** What the exchange did before the cache: viem's recovery, compared case-insensitively; a throw refuses. */
async function reference(digest: Hex, signature: Hex, expected: string): Promise<boolean> {
  try {
    return (await recoverAddress({ hash: digest, signature })).toLowerCase() === expected.toLowerCase();
  } catch {
    return false;
  }
}

type Variant =
  | { kind: 'valid' }
  | { kind: 'parity-form' }
  | { kind: 'flip-bit'; bit: number }
  | { kind: 'other-digest'; digest: Uint8Array }
  | { kind: 'wrong-signer'; other: number }
  | { kind: 'malleated' }
  | { kind: 'malleated-same-v' }
  | { kind: 'flipped-v' }
  | { kind: 'v'; v: number }
  | { kind: 'r-or-s'; r?: bigint; s?: bigint }
  | { kind: 'length'; hex: string };

const variant: fc.Arbitrary<Variant> = fc.oneof(
  fc.constant({ kind: 'valid' as const }),
  fc.constant({ kind: 'parity-form' as const }),
  fc.integer({ min: 0, max: 65 * 8 - 1 }).map((bit) => ({ kind: 'flip-bit' as const, bit })),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((digest) => ({ kind: 'other-digest' as const, digest })),
  fc.integer({ min: 1, max: accounts.length - 1 }).map((other) => ({ kind: 'wrong-signer' as const, other })),
  fc.constant({ kind: 'malleated' as const }),
  fc.constant({ kind: 'malleated-same-v' as const }),
  fc.constant({ kind: 'flipped-v' as const }),
  // Every v a wallet might write (yParity, 27/28, EIP-155 style, recovery ids 2/3) and any other byte.
  fc.oneof(fc.constantFrom(0, 1, 2, 3, 26, 27, 28, 29, 30, 35, 36, 37, 38), fc.integer({ min: 0, max: 255 })).map((v) => ({ kind: 'v' as const, v })),
  fc.constantFrom<{ r?: bigint; s?: bigint }>({ r: 0n }, { s: 0n }, { r: N }, { s: N }, { s: N - 1n }, { r: N + 1n }, { s: N / 2n }, { s: N / 2n + 1n }).map((rs) => ({ kind: 'r-or-s' as const, ...rs })),
  fc.constantFrom('', '00', '1b00', '001b', '0', '1').map((hex) => ({ kind: 'length' as const, hex })),
);

/** Signs `digest` as `signer`, then turns the signature (and what is checked) into the variant. */
async function attempt(signer: number, digest: Uint8Array, change: Variant): Promise<{ digest: Hex; signature: Hex; expected: string }> {
  const account = accounts[signer]!;
  const hash = bytesToHex(digest);
  const signed = await account.sign({ hash });
  const r = BigInt(`0x${signed.slice(2, 66)}`);
  const s = BigInt(`0x${signed.slice(66, 130)}`);
  const v = Number.parseInt(signed.slice(130), 16);
  const build = (rr: bigint, ss: bigint, vv: number): Hex => `0x${word(rr)}${word(ss)}${vv.toString(16).padStart(2, '0')}`;
  const base = { digest: hash, expected: account.address as string };
  switch (change.kind) {
    case 'valid':
      return { ...base, signature: signed, expected: base.expected.toLowerCase() };
    case 'parity-form':
      return { ...base, signature: build(r, s, v - 27) };
    case 'flip-bit': {
      const bytes = Buffer.from(signed.slice(2), 'hex');
      bytes[change.bit >> 3]! ^= 1 << (change.bit & 7);
      return { ...base, signature: `0x${bytes.toString('hex')}` };
    }
    case 'other-digest':
      return { ...base, digest: bytesToHex(change.digest), signature: signed };
    case 'wrong-signer':
      return { ...base, signature: signed, expected: accounts[(signer + change.other) % accounts.length]!.address };
    case 'malleated':
      return { ...base, signature: build(r, N - s, v === 27 ? 28 : 27) };
    case 'malleated-same-v':
      return { ...base, signature: build(r, N - s, v) };
    case 'flipped-v':
      return { ...base, signature: build(r, s, v === 27 ? 28 : 27) };
    case 'v':
      return { ...base, signature: build(r, s, change.v) };
    case 'r-or-s':
      return { ...base, signature: `0x${word(change.r ?? r).slice(-64)}${word(change.s ?? s).slice(-64)}${signed.slice(130)}` as Hex };
    case 'length':
      return { ...base, signature: `0x${signed.slice(2, 130)}${change.hex}` as Hex };
  }
}

/** A cache that already holds every test signer's key and table (so the fast check answers). */
async function warmKeys(): Promise<SignerKeys> {
  const keys = new SignerKeys();
  for (const account of accounts) {
    for (let i = 0; i < 10; i += 1) {
      const hash = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
      expect(await keys.recoversTo(hash, await account.sign({ hash }), account.address)).toBe(true);
    }
  }
  return keys;
}

describe('signature checks against known signer keys', () => {
  test('a known signer’s valid signatures are accepted by the table check, not by recovery', async () => {
    const keys = await warmKeys();
    const before = keys.fastAccepted;
    for (const account of accounts) {
      const hash = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
      expect(await keys.recoversTo(hash, await account.sign({ hash }), account.address.toLowerCase())).toBe(true);
    }
    expect(keys.fastAccepted - before).toBe(accounts.length);
  });

  test('accepts and refuses exactly what viem’s recoverAddress does (known signers)', async () => {
    const keys = await warmKeys();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: accounts.length - 1 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), variant, async (signer, digest, change) => {
        const { digest: hash, signature, expected } = await attempt(signer, digest, change);
        expect({ change: change.kind, accepted: await keys.recoversTo(hash, signature, expected) }).toEqual({ change: change.kind, accepted: await reference(hash, signature, expected) });
      }),
      { numRuns: 300 },
    );
    // The valid and malleated cases went through the table check.
    expect(keys.fastAccepted).toBeGreaterThan(0);
  }, 120_000);

  test('accepts and refuses exactly what viem’s recoverAddress does (first signature of a signer, tiny cache)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: accounts.length - 1 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), variant, async (signer, digest, change) => {
        const keys = new SignerKeys(1);
        const { digest: hash, signature, expected } = await attempt(signer, digest, change);
        expect(await keys.recoversTo(hash, signature, expected)).toBe(await reference(hash, signature, expected));
        expect(keys.size).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  test('malleated (high-s) signatures: accepted with the flipped parity (as viem), refused with the original', async () => {
    const keys = await warmKeys();
    const account = accounts[0]!;
    const hash = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
    const signed = await account.sign({ hash });
    const r = signed.slice(2, 66);
    const s = BigInt(`0x${signed.slice(66, 130)}`);
    const v = Number.parseInt(signed.slice(130), 16);
    const high = `0x${r}${word(N - s)}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
    const highSameV = `0x${r}${word(N - s)}${v.toString(16)}` as Hex;
    expect(await reference(hash, high, account.address)).toBe(true);
    expect(await keys.recoversTo(hash, high, account.address)).toBe(true);
    expect(await reference(hash, highSameV, account.address)).toBe(false);
    expect(await keys.recoversTo(hash, highSameV, account.address)).toBe(false);
  });

  test('keeps at most `capacity` signers, least recently used dropped first', async () => {
    const keys = new SignerKeys(2);
    for (const account of accounts) {
      const hash = bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
      expect(await keys.recoversTo(hash, await account.sign({ hash }), account.address)).toBe(true);
    }
    expect(keys.size).toBe(2);
  });
});
