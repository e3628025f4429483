/**
 * Helpers for the unlock path's route tests: the running API on a port (so providers' webhooks
 * arrive over HTTP), requests from a given country, and each unlock step done through the routes.
 */
import { expect } from 'bun:test';
import type { ApiHarness } from './api-harness.ts';
import { password } from './accounts-helpers.ts';
import { buyYes, createBot, createTicker, send, type Ticker } from './bots-helpers.ts';

export const COUNTRY_HEADER = 'cf-ipcountry';
export const RIGHT_ANSWERS = { q_losing_money: 'b', q_slippage: 'a', q_fees: 'b', q_liquidity: 'c', q_irreversibility: 'd' } as const;
export const ACK = 'I understand I may lose real money';
export const REVENUECAT_AUTH = 'Bearer rc-webhook-test-authorization';
export const HOUR = 3_600_000;

/** Serves the harness's app on a free loopback port. */
export function listen(h: ApiHarness): { readonly url: string; stop(): Promise<void> } {
  h.app.listen({ hostname: '127.0.0.1', port: 0 });
  const server = h.app.server;
  if (server === null) throw new Error('the API did not start');
  return {
    url: `http://127.0.0.1:${server.port}`,
    stop: async () => {
      await h.app.stop(true);
    },
  };
}

/** A request as the app sends it, from `country` (the trusted proxy's header). */
export async function call(h: ApiHarness, token: string, method: string, path: string, body?: unknown, country: string | null = 'PT'): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (country !== null) headers[COUNTRY_HEADER] = country;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return h.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

export async function ok<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect({ status: res.status, body: res.status === status ? '' : text }).toEqual({ status, body: '' });
  return JSON.parse(text) as T;
}

export interface RequirementJson {
  readonly key: string;
  readonly state: 'met' | 'waiting' | 'missing' | 'blocked';
  readonly missing: string | null;
  readonly metAt: string | null;
  readonly expectedAt: string | null;
  readonly details: Record<string, unknown>;
}

export interface EligibilityJson {
  readonly botId: string;
  readonly botType: 'paper' | 'live';
  readonly state: 'locked' | 'cooling_off' | 'unlocked';
  readonly isUnlockedForLive: boolean;
  readonly unlockedAt: string | null;
  readonly coolingOffStartedAt: string | null;
  readonly coolingOffEndsAt: string | null;
  readonly canGoLive: boolean;
  readonly requirements: RequirementJson[];
}

export async function eligibility(h: ApiHarness, token: string, botId: string, country: string | null = 'PT'): Promise<EligibilityJson> {
  return ok<EligibilityJson>(await call(h, token, 'GET', `/api/v1/bots/${botId}/live-eligibility`, undefined, country));
}

export function unmet(e: EligibilityJson): string[] {
  return e.requirements.filter((r) => r.state !== 'met').map((r) => r.key).sort();
}

export function requirementOf(e: EligibilityJson, key: string): RequirementJson {
  const r = e.requirements.find((x) => x.key === key);
  if (r === undefined) throw new Error(`no requirement ${key}`);
  return r;
}

/** A bot with a complete paper record: 10 executed paper trades of its own, the first 24 h ago. */
export async function botWithPaperRecord(h: ApiHarness, token: string, ticker: Ticker = createTicker(h), name = 'proven'): Promise<string> {
  const bot = await createBot(h, token, { name });
  expect((await send(h, token, 'POST', `/api/v1/bots/${bot.id}/resume`)).status).toBe(200);
  for (let i = 0; i < 10; i += 1) await ticker.tick(bot.id, buyYes(5_000_000));
  await ticker.tick(bot.id, undefined, 24 * HOUR);
  return bot.id;
}

export async function passQuiz(h: ApiHarness, token: string): Promise<void> {
  const r = await ok<{ passed: boolean }>(await call(h, token, 'POST', '/api/v1/unlock/quiz/attempts', { answers: RIGHT_ANSWERS }));
  expect(r.passed).toBe(true);
}

export async function acknowledge(h: ApiHarness, token: string): Promise<void> {
  await ok(await call(h, token, 'POST', '/api/v1/unlock/acknowledgment', { text: ACK }));
}

/** The sandbox provider's demo review (the harness's default KYC provider). */
export async function sandboxKyc(h: ApiHarness, token: string, country = 'PT', answer: 'GREEN' | 'RED' = 'GREEN', rejectType?: 'FINAL' | 'RETRY'): Promise<void> {
  await ok(await call(h, token, 'POST', '/api/v1/kyc/verification'));
  await ok(await call(h, token, 'POST', '/api/v1/kyc/sandbox/review', { answer, country, ...(rejectType === undefined ? {} : { rejectType }) }));
}

export async function reauthenticate(h: ApiHarness, token: string): Promise<void> {
  await ok(await call(h, token, 'POST', '/api/v1/session/reauthenticate', { password }));
}

/** Sets a user's tier straight in the database (for tests about other requirements). */
export async function setTierInDatabase(h: ApiHarness, userId: string, tier: 'free' | 'basic' | 'pro'): Promise<void> {
  await h.database.handle.db.execute(`update users set tier = '${tier}' where id = '${userId.replace(/'/g, "''")}'` as never);
}
