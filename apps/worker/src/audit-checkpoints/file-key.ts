import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CheckpointKey } from '@polymancer/audit';
import { ConfigError } from '@polymancer/core';

/**
 * The audit checkpoint key as a PKCS#8 PEM file (mode 0600), outside the database. `create` makes
 * one on first use (the embedded default; a writer); a verifier never creates one.
 */
export function fileCheckpointKey(path: string, options: { create: boolean }): CheckpointKey {
  const location = resolve(path);
  if (!existsSync(location)) {
    if (!options.create) {
      throw new ConfigError(`no audit checkpoint key at ${location} (AUDIT_CHECKPOINT_KEY_FILE): checkpoints cannot be checked`);
    }
    mkdirSync(dirname(location), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(location, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(location, 0o600);
  }
  if ((statSync(location).mode & 0o077) !== 0) chmodSync(location, 0o600);
  const pem = readFileSync(location, 'utf8');
  let privateKey;
  try {
    privateKey = createPrivateKey(pem);
  } catch (cause) {
    throw new ConfigError(`the audit checkpoint key at ${location} is not a PEM private key`, { cause });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new ConfigError(`the audit checkpoint key at ${location} must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  return { privateKey, publicKey: createPublicKey(privateKey), location };
}
