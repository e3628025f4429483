/**
 * Field encryption of credential secrets: AES-256-GCM, a fresh 96-bit IV per field, under the key
 * ring's active key.
 *
 * Guarantees:
 * - The envelope `pmc1.<keyId>.<iv>.<ciphertext‖tag>` (base64url) names the key that sealed it, so
 *   several keys decrypt side by side while the master key rotates.
 * - Associated data binds each ciphertext to its user, credential row, field and key id: a
 *   ciphertext copied to another row, another field or another user, a flipped bit, or a key id
 *   rewritten in the envelope all fail authentication and are refused (`credential_undecryptable`).
 * Known limitations: a row's whole envelope can be replaced by an older envelope of the same
 * row and field (a rollback); the stored `updated_at` and audit trail are the defence there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CredentialUndecryptableError } from '../errors.ts';
import type { KeyRing } from './key-ring.ts';

export type CredentialField = 'api_key' | 'api_secret' | 'api_passphrase' | 'private_key';

export interface FieldBinding {
  readonly userId: string;
  readonly credentialId: string;
  readonly field: CredentialField;
}

const version = 'pmc1';

function associatedData(binding: FieldBinding, keyId: string): Buffer {
  return Buffer.from(JSON.stringify([version, binding.userId, binding.credentialId, binding.field, keyId]), 'utf8');
}

/** Seals `plaintext` under the ring's active key (or `keyId`). The caller still owns (and zeroes) `plaintext`. */
export function sealField(ring: KeyRing, plaintext: Buffer, binding: FieldBinding, keyId = ring.activeKeyId): string {
  const key = ring.keys.get(keyId);
  if (key === undefined) throw new CredentialUndecryptableError(`No credential key ${keyId} in the key ring`, { details: { keyId } });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(binding, keyId));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return [version, keyId, iv.toString('base64url'), body.toString('base64url')].join('.');
}

/** The key id an envelope names (undefined when it is not an envelope). */
export function keyIdOf(envelope: string): string | undefined {
  const parts = envelope.split('.');
  return parts.length === 4 && parts[0] === version ? parts[1] : undefined;
}

/** Opens an envelope into a fresh Buffer the caller must zero. Anything tampered, moved or under an unknown key is refused. */
export function openField(ring: KeyRing, envelope: string, binding: FieldBinding): Buffer {
  const refuse = (why: string, keyId?: string) =>
    new CredentialUndecryptableError(`A stored credential field could not be decrypted (${why})`, { details: { credentialId: binding.credentialId, field: binding.field, ...(keyId ? { keyId } : {}) } });
  const parts = envelope.split('.');
  if (parts.length !== 4 || parts[0] !== version) throw refuse('not an envelope');
  const [, keyId, ivText, bodyText] = parts as [string, string, string, string];
  const key = ring.keys.get(keyId);
  if (key === undefined) throw refuse('unknown key id', keyId);
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== 12 || body.length < 16) throw refuse('malformed', keyId);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(associatedData(binding, keyId));
  decipher.setAuthTag(body.subarray(body.length - 16));
  const head = decipher.update(body.subarray(0, body.length - 16));
  try {
    const tail = decipher.final();
    const out = Buffer.concat([head, tail]);
    head.fill(0);
    return out;
  } catch {
    head.fill(0);
    throw refuse('authentication failed', keyId);
  }
}
