/**
 * Test helpers for accounts: sign up and sign in through the real HTTP routes, read tokens and
 * cookies the way the app and a browser would, and compute TOTP codes (RFC 6238, written here
 * independently of better-auth so the test checks its codes rather than trusting them).
 */
import { createHmac } from 'node:crypto';
import { expect } from 'bun:test';
import type { ApiHarness } from './api-harness.ts';

export const password = 'correct horse battery staple';

export interface SignedIn {
  readonly userId: string;
  readonly email: string;
  /** The bearer token the app stores (`set-auth-token`). */
  readonly token: string;
  /** The browser's session cookie, ready for a `cookie` header. */
  readonly cookie: string;
}

export function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function bearer(token: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` } };
}

/** The origin the harness's API trusts (PUBLIC_URL's default). */
export const trustedOrigin = 'http://localhost:8080';

/** How a browser carries a session (for the authorization harness's cross-site group): the signed token is the cookie's value. */
export const browserSession = {
  cookie: (token: string) => `polymancer.session_token=${token}`,
  trustedOrigin,
} as const;

/** Headers a browser sends with its cookies: the cookie jar and its page's origin. */
export function browser(cookie: string): Record<string, string> {
  return { cookie, origin: trustedOrigin };
}

/** `name=value` pairs from a response's Set-Cookie headers, as a request `cookie` header. */
export function cookiesFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.length > 0 && !c.endsWith('='))
    .join('; ');
}

let counter = 0;
export function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signUp(h: ApiHarness, label: string, extra: Record<string, unknown> = {}): Promise<SignedIn> {
  const email = uniqueEmail(label);
  const res = await h.request('/api/auth/sign-up/email', json({ email, password, name: label, ...extra }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { user: { id: string } };
  return { userId: body.user.id, email, token: res.headers.get('set-auth-token') ?? '', cookie: cookiesFrom(res) };
}

export async function signIn(h: ApiHarness, email: string, pw = password, headers: Record<string, string> = {}): Promise<Response> {
  return h.request('/api/auth/sign-in/email', json({ email, password: pw }, headers));
}

export async function errorOf(res: Response): Promise<{ code: string; message: string; details?: Record<string, unknown>; requestId: string }> {
  const body = (await res.json()) as { error: { code: string; message: string; details?: Record<string, unknown>; requestId: string } };
  return body.error;
}

export async function makeOperator(h: ApiHarness, userId: string): Promise<void> {
  await h.database.handle.db.execute(`update users set role = 'operator' where id = '${userId.replace(/'/g, "''")}'` as never);
}

// --- TOTP (RFC 6238 over RFC 4226), SHA-1, 6 digits, 30 s ---

function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of input.replace(/=+$/, '').toUpperCase()) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totpSecretFromUri(uri: string): string {
  const secret = new URL(uri).searchParams.get('secret');
  if (secret === null) throw new Error('totpURI has no secret');
  return secret;
}

export function totpCode(base32Secret: string, atMs = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const mac = createHmac('sha1', base32Decode(base32Secret)).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = (((mac[offset] ?? 0) & 0x7f) << 24) | ((mac[offset + 1] ?? 0) << 16) | ((mac[offset + 2] ?? 0) << 8) | (mac[offset + 3] ?? 0);
  return String(binary % 1_000_000).padStart(6, '0');
}

/**
 * The code of the next time step: still inside the ±1-step window, and newer than the code
 * `enrolMfa` spent (each code is accepted once).
 */
export function nextTotpCode(base32Secret: string): string {
  return totpCode(base32Secret, Date.now() + 30_000);
}

/** A code that is wrong now and in the neighbouring steps. */
export function wrongTotpCode(base32Secret: string): string {
  const near = new Set([-1, 0, 1].map((step) => totpCode(base32Secret, Date.now() + step * 30_000)));
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

/** Enrols TOTP for a signed-in user; returns the secret and the bearer token of the session that replaced theirs. */
export async function enrolMfa(h: ApiHarness, user: SignedIn): Promise<{ secret: string; token: string; totpURI: string; backupCodes: string[] }> {
  const enable = await h.request('/api/auth/two-factor/enable', bearer(user.token, json({ password })));
  expect(enable.status).toBe(200);
  const { totpURI, backupCodes } = (await enable.json()) as { totpURI: string; backupCodes: string[] };
  const secret = totpSecretFromUri(totpURI);
  const verify = await h.request('/api/auth/two-factor/verify-totp', bearer(user.token, json({ code: totpCode(secret) })));
  expect(verify.status).toBe(200);
  const token = verify.headers.get('set-auth-token') ?? user.token;
  return { secret, token, totpURI, backupCodes };
}

export interface AuditRow {
  readonly seq: number;
  readonly action: string;
  readonly actor_id: string | null;
  readonly subject_id: string | null;
  readonly details: Record<string, unknown>;
}

export async function auditRows(h: ApiHarness): Promise<AuditRow[]> {
  const result = (await h.database.handle.db.execute('select seq, action, actor_id, subject_id, details from audit_events order by ticket' as never)) as unknown;
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return rows as AuditRow[];
}

/** Rows of a raw SQL query on the harness database (PGlite and postgres-js answer differently shaped results). */
export async function queryRows<T>(h: ApiHarness, sql: string): Promise<T[]> {
  const result = (await h.database.handle.db.execute(sql as never)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** The session token inside a signed `set-auth-token` / cookie value (`<token>.<signature>`). */
export function rawSessionToken(signed: string): string {
  return decodeURIComponent(signed).split('.')[0] ?? '';
}
