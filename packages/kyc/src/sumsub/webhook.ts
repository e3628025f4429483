/**
 * SumSub webhook authentication: `X-Payload-Digest` is the hex HMAC of the raw body with the
 * webhook's secret key, under the algorithm `X-Payload-Digest-Alg` names (HMAC_SHA256_HEX, SumSub's
 * default, when absent). Compared in constant time. The replay key is the SHA-256 of the raw body.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookRefusal } from '@polymancer/unlock';

const algorithms: Record<string, string> = { HMAC_SHA1_HEX: 'sha1', HMAC_SHA256_HEX: 'sha256', HMAC_SHA512_HEX: 'sha512' };

export function payloadDigest(secret: string, algorithm: string, rawBody: Uint8Array): string {
  return createHmac(algorithm, secret).update(rawBody).digest('hex');
}

export function verifyPayloadDigest(rawBody: Uint8Array, headers: Headers, secret: string): { readonly ok: true; readonly bodyHash: string } | { readonly ok: false; readonly error: WebhookRefusal } {
  if (secret.length === 0) return { ok: false, error: { code: 'not_configured' } };
  const given = headers.get('x-payload-digest')?.trim().toLowerCase();
  if (given === undefined || given === '') return { ok: false, error: { code: 'missing_signature' } };
  const alg = algorithms[headers.get('x-payload-digest-alg')?.trim().toUpperCase() ?? 'HMAC_SHA256_HEX'];
  if (alg === undefined) return { ok: false, error: { code: 'unsupported_algorithm' } };
  const expected = Buffer.from(payloadDigest(secret, alg, rawBody), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, error: { code: 'bad_signature' } };
  return { ok: true, bodyHash: createHash('sha256').update(rawBody).digest('hex') };
}
