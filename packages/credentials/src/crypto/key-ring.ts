/**
 * The master-key ring credential fields are encrypted under: several 256-bit keys by id, one active.
 * New ciphertexts use the active key; any key in the ring decrypts what it sealed, so rows written
 * under an older key keep decrypting until the re-encryption job has moved them to the active one.
 */
import { CredentialKeyRingError } from '../errors.ts';

export interface KeyRing {
  readonly activeKeyId: string;
  /** Key id → 32 key bytes. */
  readonly keys: ReadonlyMap<string, Buffer>;
}

const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

/** Builds a ring, refusing ids or keys that are malformed and an active id that is not in it. */
export function createKeyRing(keys: ReadonlyArray<{ readonly id: string; readonly key: Buffer }>, activeKeyId?: string): KeyRing {
  if (keys.length === 0) throw new CredentialKeyRingError('The credential key ring is empty');
  const map = new Map<string, Buffer>();
  for (const { id, key } of keys) {
    if (!keyIdPattern.test(id)) throw new CredentialKeyRingError(`Credential key id ${JSON.stringify(id)} must be 1–32 letters, digits, _ or -`);
    if (key.length !== 32) throw new CredentialKeyRingError(`Credential key ${id} must be 32 bytes (base64 of 32 random bytes)`);
    if (map.has(id)) throw new CredentialKeyRingError(`Credential key id ${id} is listed twice`);
    map.set(id, key);
  }
  const active = activeKeyId ?? keys[keys.length - 1]!.id;
  if (!map.has(active)) throw new CredentialKeyRingError(`The active credential key ${active} is not in the key ring`);
  return { activeKeyId: active, keys: map };
}

/**
 * Parses `id:base64key,id:base64key` (the CREDENTIALS_ENCRYPTION_KEYS format). Messages name key ids,
 * never key material.
 */
export function parseKeyRing(spec: string, activeKeyId?: string): KeyRing {
  const entries = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((entry) => {
      const at = entry.indexOf(':');
      if (at <= 0) throw new CredentialKeyRingError('Each credential key is written `id:base64key`');
      return { id: entry.slice(0, at), key: Buffer.from(entry.slice(at + 1), 'base64') };
    });
  return createKeyRing(entries, activeKeyId);
}
