/**
 * The signing scope: the only way to plaintext key material.
 *
 * Guarantees:
 * - `withSigningKey(credentialId, fn)` decrypts the row's four fields into Buffers, hands them to
 *   `fn`, and zeroes every Buffer in `finally` — after `fn` returns, throws, or the scope expires.
 * - The scope lasts at most `timeoutMs` (30 s): at the limit its `signal` aborts, the Buffers are
 *   zeroed at once and the call rejects with `signing_scope_expired`, whatever `fn` is still doing.
 * - Nothing else in this package returns decrypted material (export hands out its one-time copy
 *   through this scope too).
 * Known limitations: JavaScript strings cannot be zeroed — a caller that turns a Buffer into a
 * string (viem's `privateKeyToAccount` takes a hex string) leaves that copy to the garbage collector;
 * keep such copies inside `fn`.
 */
import { NotFoundError } from '@polymancer/core';
import { openField, type CredentialField } from './crypto/field-cipher.ts';
import type { KeyRing } from './crypto/key-ring.ts';
import { SigningScopeExpiredError } from './errors.ts';
import type { CredentialStore, ScopeTimer, StoredCredential } from './ports.ts';
import type { WalletType } from './wallet-type.ts';

export interface SigningMaterial {
  readonly credentialId: string;
  readonly userId: string;
  readonly walletType: WalletType;
  readonly signerAddress: string;
  readonly funderAddress: string;
  /** The 32 private-key bytes. */
  readonly privateKey: Buffer;
  /** UTF-8 bytes of the API key, secret and passphrase. */
  readonly apiKey: Buffer;
  readonly apiSecret: Buffer;
  readonly apiPassphrase: Buffer;
  /** Aborts when the scope reaches its limit. */
  readonly signal: AbortSignal;
}

export type WithSigningKey = <T>(credentialId: string, fn: (material: SigningMaterial) => Promise<T>) => Promise<T>;

export interface SigningScopeDeps {
  readonly store: Pick<CredentialStore, 'findById'>;
  readonly keyRing: () => KeyRing;
  readonly timer: ScopeTimer;
  /** Default 30_000. */
  readonly timeoutMs?: number;
}

export const signingScopeTimeoutMs = 30_000;

/** Opens every field of `row` into Buffers pushed onto `opened` (so the caller zeroes them whatever happens). */
export function openRow(ring: KeyRing, row: StoredCredential, opened: Buffer[]): Omit<SigningMaterial, 'signal'> {
  const open = (field: CredentialField, envelope: string) => {
    const buffer = openField(ring, envelope, { userId: row.userId, credentialId: row.id, field });
    opened.push(buffer);
    return buffer;
  };
  return {
    credentialId: row.id,
    userId: row.userId,
    walletType: row.walletType,
    signerAddress: row.signerAddress,
    funderAddress: row.funderAddress,
    privateKey: open('private_key', row.sealed.privateKey),
    apiKey: open('api_key', row.sealed.apiKey),
    apiSecret: open('api_secret', row.sealed.apiSecret),
    apiPassphrase: open('api_passphrase', row.sealed.apiPassphrase),
  };
}

export function createSigningScope(deps: SigningScopeDeps): WithSigningKey {
  const timeoutMs = deps.timeoutMs ?? signingScopeTimeoutMs;
  return async function withSigningKey<T>(credentialId: string, fn: (material: SigningMaterial) => Promise<T>): Promise<T> {
    const row = await deps.store.findById(credentialId);
    if (row === undefined) throw new NotFoundError('No such credential');
    const opened: Buffer[] = [];
    const zero = () => {
      for (const buffer of opened) buffer.fill(0);
    };
    const controller = new AbortController();
    let cancel: () => void = () => {};
    try {
      const material: SigningMaterial = { ...openRow(deps.keyRing(), row, opened), signal: controller.signal };
      const expired = new Promise<never>((_, reject) => {
        cancel = deps.timer.after(timeoutMs, () => {
          zero();
          controller.abort();
          reject(new SigningScopeExpiredError(`The signing scope ran past ${timeoutMs} ms and was aborted`, { details: { credentialId, timeoutMs } }));
        });
      });
      expired.catch(() => {});
      return await Promise.race([fn(material), expired]);
    } finally {
      cancel();
      zero();
    }
  };
}
