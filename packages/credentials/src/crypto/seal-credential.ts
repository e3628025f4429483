/** Seals the four secrets of one credential row (each under its own binding) into its envelopes. */
import { sealField } from './field-cipher.ts';
import type { KeyRing } from './key-ring.ts';
import type { SealedFields } from '../ports.ts';

export interface PlainSecrets {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apiPassphrase: string;
  /** The 32 private-key bytes (the caller zeroes them). */
  readonly privateKey: Buffer;
}

export function sealCredential(ring: KeyRing, userId: string, credentialId: string, secrets: PlainSecrets): SealedFields {
  const bind = (field: 'api_key' | 'api_secret' | 'api_passphrase' | 'private_key') => ({ userId, credentialId, field });
  const text = (value: string, field: 'api_key' | 'api_secret' | 'api_passphrase') => {
    const bytes = Buffer.from(value, 'utf8');
    try {
      return sealField(ring, bytes, bind(field));
    } finally {
      bytes.fill(0);
    }
  };
  return {
    apiKey: text(secrets.apiKey, 'api_key'),
    apiSecret: text(secrets.apiSecret, 'api_secret'),
    apiPassphrase: text(secrets.apiPassphrase, 'api_passphrase'),
    privateKey: sealField(ring, secrets.privateKey, bind('private_key')),
  };
}
