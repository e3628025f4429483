/**
 * Signed checkpoints of the audit chain's head.
 *
 * Guarantees: a checkpoint binds (seq, hash, createdAt) under an Ed25519 key kept outside the
 * database, so someone who can rewrite the database (delete rows with the triggers off, recompute
 * every later hash with the public link rule) cannot produce a chain that matches a checkpoint
 * published before the rewrite, nor forge a new checkpoint. Semantics: the signed message is
 * `polymancer-audit-checkpoint:v1\n<seq>\n<hash>\n<createdAt ISO>`; `keyId` is the first 16 hex
 * digits of sha256 over the public key (SPKI DER), for display and to spot a foreign key.
 * Known limitations: rows appended after the newest checkpoint are only as safe as the chain;
 * deleting them undetected is possible until the next checkpoint (checkpoint often).
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';

export interface SignedCheckpoint {
  readonly version: 1;
  readonly seq: number;
  readonly hash: string;
  readonly createdAt: string;
  readonly keyId: string;
  /** base64 Ed25519 signature over `checkpointMessage`. */
  readonly signature: string;
}

export function checkpointMessage(c: { readonly seq: number; readonly hash: string; readonly createdAt: string }): Buffer {
  return Buffer.from(`polymancer-audit-checkpoint:v1\n${c.seq}\n${c.hash}\n${c.createdAt}`, 'utf8');
}

export function checkpointKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function signCheckpoint(tip: { readonly seq: number; readonly hash: string }, at: Date, privateKey: KeyObject, publicKey: KeyObject): SignedCheckpoint {
  const body = { seq: tip.seq, hash: tip.hash, createdAt: at.toISOString() };
  const signature = sign(null, checkpointMessage(body), privateKey).toString('base64');
  return { version: 1, ...body, keyId: checkpointKeyId(publicKey), signature };
}

/** True only for a well-formed checkpoint whose signature verifies under `publicKey`. */
export function checkpointSignatureValid(c: SignedCheckpoint, publicKey: KeyObject): boolean {
  if (c.version !== 1 || !Number.isSafeInteger(c.seq) || c.seq < 1 || !/^[0-9a-f]{64}$/.test(c.hash) || typeof c.createdAt !== 'string' || typeof c.signature !== 'string') {
    return false;
  }
  try {
    return verify(null, checkpointMessage(c), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}
