import { symmetricDecrypt } from 'better-auth/crypto';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';

type SecretConfig = Parameters<typeof symmetricDecrypt>[0]['key'];

/**
 * Checks a 6-digit TOTP code against a user's stored (encrypted) secret, exactly as better-auth's
 * two-factor plugin does: 30-second period, one step of drift either way.
 */
export async function verifyStoredTotp(encryptedSecret: string, code: string, key: SecretConfig): Promise<boolean> {
  const stored = await symmetricDecrypt({ key, data: encryptedSecret });
  // Secrets imported from other providers are stored as `base32:<secret>` (better-auth's convention).
  const secret = stored.startsWith('base32:') ? base32.decode(stored.slice(7).toUpperCase()) : stored;
  return createOTP(secret, { digits: 6, period: 30 }).verify(code);
}
