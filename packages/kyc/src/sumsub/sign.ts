/**
 * SumSub's app-token request signature (docs.sumsub.com/reference/authentication): lower-case hex
 * HMAC-SHA256 with the secret key over `ts + METHOD + pathWithQuery + body`, where `ts` is unix
 * seconds, the path starts at `/` and includes the query string, and the body is the raw bytes sent.
 */
import { createHmac } from 'node:crypto';

export function sumsubSignature(secretKey: string, ts: number, method: string, pathWithQuery: string, body: Uint8Array | string | null): string {
  const mac = createHmac('sha256', secretKey);
  mac.update(`${ts}${method.toUpperCase()}${pathWithQuery}`);
  if (body !== null) mac.update(body);
  return mac.digest('hex');
}

export function sumsubAuthHeaders(appToken: string, secretKey: string, nowMs: number, method: string, pathWithQuery: string, body: Uint8Array | string | null): Record<string, string> {
  const ts = Math.floor(nowMs / 1000);
  return {
    'X-App-Token': appToken,
    'X-App-Access-Ts': String(ts),
    'X-App-Access-Sig': sumsubSignature(secretKey, ts, method, pathWithQuery, body),
  };
}
