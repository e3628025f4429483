/**
 * L2 authentication: HMAC-SHA256 of `timestamp + METHOD + path + body` under the key's base64url secret,
 * base64url-encoded with padding kept (as the official client signs). Also checks the API key exists,
 * the passphrase and address match it, and the timestamp is fresh.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '@polymancer/core';
import type { ApiKeyRecord, ApiKeyStore } from '../state/api-keys.ts';
import { polyHeader, type HeaderBag } from './headers.ts';

export function decodeSecret(secret: string): Buffer {
  return Buffer.from(secret.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export function hmacSignature(secret: string, timestamp: string, method: string, path: string, body: string | undefined): string {
  const message = `${timestamp}${method}${path}${body ?? ''}`;
  return createHmac('sha256', decodeSecret(secret)).update(message).digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export async function verifyL2(
  keys: ApiKeyStore,
  headers: HeaderBag,
  request: { readonly method: string; readonly path: string; readonly body: string },
  nowSecs: number,
  maxSkewSecs: number,
): Promise<Result<ApiKeyRecord, 'unauthorized'>> {
  const address = polyHeader(headers, 'POLY_ADDRESS');
  const signature = polyHeader(headers, 'POLY_SIGNATURE');
  const timestamp = polyHeader(headers, 'POLY_TIMESTAMP');
  const apiKey = polyHeader(headers, 'POLY_API_KEY');
  const passphrase = polyHeader(headers, 'POLY_PASSPHRASE');
  if (!address || !signature || !timestamp || !apiKey || !passphrase || !/^\d+$/.test(timestamp)) return err('unauthorized');
  const record = keys.find(apiKey);
  if (!record || record.passphrase !== passphrase || record.address !== address.toLowerCase()) return err('unauthorized');
  if (Math.abs(Number(timestamp) - nowSecs) > maxSkewSecs) return err('unauthorized');
  const expected = Buffer.from(hmacSignature(record.secret, timestamp, request.method, request.path, request.body === '' ? undefined : request.body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return err('unauthorized');
  return ok(record);
}
