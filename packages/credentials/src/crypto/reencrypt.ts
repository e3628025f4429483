/**
 * Master-key rotation: moves every row not sealed under the ring's active key onto it, batch by
 * batch, without downtime. A row is resealed by compare-and-set on its key id, so a row imported or
 * resealed meanwhile is not overwritten; until a row is moved it keeps decrypting under its old key
 * (the ring holds both). Plaintext exists only in Buffers zeroed before the next row.
 */
import { type CredentialField, openField, sealField } from './field-cipher.ts';
import type { KeyRing } from './key-ring.ts';
import type { CredentialStore, SealedFields } from '../ports.ts';

const fields: ReadonlyArray<readonly [keyof SealedFields, CredentialField]> = [
  ['apiKey', 'api_key'],
  ['apiSecret', 'api_secret'],
  ['apiPassphrase', 'api_passphrase'],
  ['privateKey', 'private_key'],
];

export interface ReencryptResult {
  readonly resealed: number;
  /** Rows that moved under us (resealed or deleted by someone else) and were left alone. */
  readonly skipped: number;
}

export async function reencryptCredentials(store: Pick<CredentialStore, 'notSealedUnder' | 'reseal'>, ring: KeyRing, batchSize = 100): Promise<ReencryptResult> {
  let resealed = 0;
  let skipped = 0;
  const seen = new Set<string>();
  for (;;) {
    const batch = (await store.notSealedUnder(ring.activeKeyId, batchSize)).filter((row) => !seen.has(row.id));
    if (batch.length === 0) return { resealed, skipped };
    for (const row of batch) {
      seen.add(row.id);
      const sealed: Partial<Record<keyof SealedFields, string>> = {};
      for (const [name, field] of fields) {
        const binding = { userId: row.userId, credentialId: row.id, field };
        const plain = openField(ring, row.sealed[name], binding);
        try {
          sealed[name] = sealField(ring, plain, binding);
        } finally {
          plain.fill(0);
        }
      }
      if (await store.reseal(row.id, row.keyId, ring.activeKeyId, sealed as SealedFields)) resealed += 1;
      else skipped += 1;
    }
  }
}
