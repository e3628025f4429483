/**
 * "Does this 65-byte signature of `digest` recover to `expected`?" — the question every order asks
 * (viem's `recoverAddress`, i.e. ecrecover) — answered without recovering the key each time.
 *
 * The first orders of a signer are recovered the usual way (viem). Once a recovery has given the
 * signer's address, its public key P is kept (public: nothing secret is cached), and once the signer
 * has placed a few orders, a table of multiples of P is built, so a later signature (r, s, v) is checked by computing
 * R' = (h/s)·G + (r/s)·P with table look-ups and additions only (no doublings, no square root, no
 * hashing of the key). That is exactly the recovery equation: viem recovers P' = r⁻¹(s·R − h·G) from
 * the point R with x = r and y-parity v, so P' = P ⟺ R = R' ⟺ x(R') = r and y(R') has parity v. The
 * fast path only ever *accepts* on that identity; anything else (a malformed signature, a mismatch,
 * an unknown signer) is decided by viem's own recovery, so the answers are viem's, by construction.
 * High-s (malleated) signatures are accepted exactly when viem's recovery accepts them (it does).
 *
 * The tables are built with @noble/curves (the library viem recovers with); the additions over them are
 * secp256k1-tables.ts' (noble's own windowed `multiplyUnsafe` on precomputed points is not used).
 */
import { invert, mod } from '@noble/curves/abstract/modular';
import { secp256k1 } from '@noble/curves/secp256k1';
import { hexToNumber, isHex, recoverPublicKey, size, type Hex } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { FixedBaseTable, linearCombination } from './secp256k1-tables.ts';

type Point = InstanceType<typeof secp256k1.ProjectivePoint>;
const Point = secp256k1.ProjectivePoint;
const N = secp256k1.CURVE.n;

/** G's table, shared by every signer (8-bit windows: 32 additions; built on first use, ~3 MB). */
let baseTable: FixedBaseTable | undefined;

interface SignerKey {
  readonly point: Point;
  /** Orders verified since the key was learnt; the table is built at TABLE_AFTER. */
  verified: number;
  table: FixedBaseTable | undefined;
}

/** A signer's table: 6-bit windows, 43 additions a multiplication; ~2,700 points (~0.5 MB), built in ~20 ms (~20 recoveries)… */
const SIGNER_WINDOW_BITS = 6;
/** …once the signer has had this many orders verified. */
const TABLE_AFTER = 8;

/** `[r, s, recovery]` exactly as viem's `recoverPublicKey` reads a 65-byte hex signature; undefined where it would throw. */
function parseSignature(signature: Hex): [bigint, bigint, 0 | 1] | undefined {
  if (!isHex(signature) || size(signature) !== 65) return undefined;
  const v = hexToNumber(`0x${signature.slice(130)}`);
  const recovery = v === 0 || v === 27 ? 0 : v === 1 || v === 28 ? 1 : undefined;
  if (recovery === undefined) return undefined;
  try {
    const { r, s } = secp256k1.Signature.fromCompact(signature.substring(2, 130));
    return [r, s, recovery];
  } catch {
    return undefined;
  }
}

export class SignerKeys {
  readonly #keys = new Map<string, SignerKey>();
  readonly #capacity: number;
  #fastAccepted = 0;

  /** `capacity`: signers whose keys (and tables: at most ~0.5 MB each) are kept, least recently used dropped first. */
  constructor(capacity = 64) {
    this.#capacity = capacity;
  }

  /** Signers whose public key is known (tests). */
  get size(): number {
    return this.#keys.size;
  }

  /** Signatures accepted by the table check rather than by recovery (tests). */
  get fastAccepted(): number {
    return this.#fastAccepted;
  }

  /** Whether `signature` over the 32-byte `digest` recovers to the (any-case) address `expected`: viem's answer. */
  async recoversTo(digest: Hex, signature: Hex, expected: string): Promise<boolean> {
    const signer = expected.toLowerCase();
    const known = this.#keys.get(signer);
    if (known !== undefined) {
      // Most recently used last.
      this.#keys.delete(signer);
      this.#keys.set(signer, known);
      if (known.table === undefined && known.verified >= TABLE_AFTER) known.table = new FixedBaseTable(known.point, SIGNER_WINDOW_BITS);
      if (known.table !== undefined && this.#fastAccepts(known.table, digest, signature)) {
        known.verified += 1;
        this.#fastAccepted += 1;
        return true;
      }
    }
    return this.#recover(digest, signature, signer, known);
  }

  /** R' = (h/s)·G + (r/s)·P has x = r and the signature's y-parity: then viem's recovery gives P. */
  #fastAccepts(table: FixedBaseTable, digest: Hex, signature: Hex): boolean {
    if (!isHex(digest) || digest.length !== 66) return false;
    const parsed = parseSignature(signature);
    if (parsed === undefined) return false;
    const [r, s, recovery] = parsed;
    const h = mod(BigInt(digest), N);
    const sInverse = invert(s, N);
    baseTable ??= new FixedBaseTable(Point.BASE, 8);
    const candidate = linearCombination(baseTable, mod(h * sInverse, N), table, mod(r * sInverse, N));
    return candidate !== undefined && candidate.x === r && Number(candidate.y & 1n) === recovery;
  }

  /** viem's recovery; a key that recovers to the signer is remembered. */
  async #recover(digest: Hex, signature: Hex, signer: string, known: SignerKey | undefined): Promise<boolean> {
    let publicKey: Hex;
    try {
      publicKey = await recoverPublicKey({ hash: digest, signature });
    } catch {
      return false;
    }
    if (publicKeyToAddress(publicKey).toLowerCase() !== signer) return false;
    if (known !== undefined) known.verified += 1;
    else {
      this.#keys.set(signer, { point: Point.fromHex(publicKey.slice(2)), verified: 1, table: undefined });
      if (this.#keys.size > this.#capacity) this.#keys.delete(this.#keys.keys().next().value as string);
    }
    return true;
  }
}
