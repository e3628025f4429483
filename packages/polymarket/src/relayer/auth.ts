/**
 * Authentication to Polymarket's relayer, one scheme per request (ACCOUNTS.md §1.5, §1.12):
 * - a Relayer API key (polymarket.com → Settings → API Keys → Relayer API Keys): headers `RELAYER_API_KEY` and
 *   `RELAYER_API_KEY_ADDRESS` (the address shown beside the key) — builder-relayer-client `sendAuthedRequest`,
 *   preferred there when both are configured;
 * - Builder API credentials: `POLY_BUILDER_API_KEY`, `POLY_BUILDER_PASSPHRASE`, `POLY_BUILDER_TIMESTAMP` (unix
 *   seconds) and `POLY_BUILDER_SIGNATURE` = HMAC-SHA256 over `timestamp + METHOD + path + body`, keyed by the
 *   base64-decoded secret, base64 with `+/` → `-_` and the `=` padding kept (Polymarket/builder-signing-sdk
 *   `src/signing/hmac.ts`); the path has no query string.
 */
import { createHmac } from 'node:crypto';

export type RelayerAuth =
  | { readonly kind: 'relayer_api_key'; readonly apiKey: string; readonly address: string }
  | { readonly kind: 'builder'; readonly key: string; readonly secret: string; readonly passphrase: string };

export function builderHmacSignature(secret: string, timestampSecs: number, method: string, path: string, body?: string): string {
  const message = `${timestampSecs}${method}${path}${body ?? ''}`;
  return createHmac('sha256', Buffer.from(secret, 'base64')).update(message).digest('base64').replaceAll('+', '-').replaceAll('/', '_');
}

export function relayerAuthHeaders(auth: RelayerAuth | undefined, request: { readonly method: string; readonly path: string; readonly body?: string; readonly nowSecs: number }): Record<string, string> {
  if (auth === undefined) return {};
  if (auth.kind === 'relayer_api_key') return { RELAYER_API_KEY: auth.apiKey, RELAYER_API_KEY_ADDRESS: auth.address };
  return {
    POLY_BUILDER_API_KEY: auth.key,
    POLY_BUILDER_PASSPHRASE: auth.passphrase,
    POLY_BUILDER_TIMESTAMP: String(request.nowSecs),
    POLY_BUILDER_SIGNATURE: builderHmacSignature(auth.secret, request.nowSecs, request.method, request.path, request.body),
  };
}

/** The secrets of an auth, to strip from anything the relayer says back before it reaches an error. */
export function authSecrets(auth: RelayerAuth | undefined): string[] {
  if (auth === undefined) return [];
  return (auth.kind === 'relayer_api_key' ? [auth.apiKey] : [auth.key, auth.secret, auth.passphrase]).filter((s) => s.length >= 4);
}
