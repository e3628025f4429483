/**
 * Where a request comes from: a trusted proxy's country header when configured, otherwise the
 * client IP in the bundled IP-to-country database; local addresses name no country and count only
 * where no real money is traded.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ManualClock } from '@polymancer/core';
import { createCountryLookup, isLocalAddress } from '@polymancer/geoip';
import { createSumsubProvider } from '@polymancer/kyc';
import { testEngines } from '../../../test/databases.ts';
import { createRequestCountryResolver } from '../src/http/request-country.ts';
import { signUp } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { createBot } from './bots-helpers.ts';
import { ok, requirementOf, sandboxKyc, type EligibilityJson } from './unlock-helpers.ts';

const lookup = createCountryLookup();
const sources = { countryOf: (ip: string) => lookup.countryOf(ip), isLocal: isLocalAddress };
const req = (headers: Record<string, string> = {}) => new Request('http://localhost/x', { headers });

describe('request country resolution', () => {
  test('with a trusted header configured, the header decides; missing or XX is unknown, never the IP', () => {
    const resolve = createRequestCountryResolver({ ...sources, header: 'cf-ipcountry' });
    expect(resolve(req({ 'cf-ipcountry': 'pt' }), '8.8.8.8')).toEqual({ country: 'PT', source: 'header' });
    expect(resolve(req({ 'cf-ipcountry': 'XX' }), '8.8.8.8')).toEqual({ country: null, source: 'unknown' });
    expect(resolve(req({ 'cf-ipcountry': 'T1' }), '8.8.8.8')).toEqual({ country: null, source: 'unknown' });
    expect(resolve(req(), '8.8.8.8')).toEqual({ country: null, source: 'unknown' });
    expect(resolve(req(), '127.0.0.1')).toEqual({ country: null, source: 'local' });
  });

  test('without one, the client IP is looked up in the bundled database; local addresses are local', () => {
    const resolve = createRequestCountryResolver({ ...sources, header: undefined });
    expect(resolve(req({ 'cf-ipcountry': 'PT' }), '81.2.69.142')).toEqual({ country: 'GB', source: 'geoip' });
    expect(resolve(req(), '2001:4860:4860::8888')).toEqual({ country: 'US', source: 'geoip' });
    expect(resolve(req(), '192.168.1.20')).toEqual({ country: null, source: 'local' });
    expect(resolve(req(), null)).toEqual({ country: null, source: 'unknown' });
  });
});

for (const engine of testEngines()) {
  describe(`jurisdiction from the client IP behind a trusted proxy on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine, { TRUST_PROXY: 'true' });
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    const from = async (token: string, botId: string, ip: string) =>
      ok<EligibilityJson>(await h.request(`/api/v1/bots/${botId}/live-eligibility`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': ip } }));

    test('a GB address is blocked, a Swedish one allowed, a local one allowed only because no real money is traded', async () => {
      const user = await signUp(h, 'geo');
      await sandboxKyc(h, user.token, 'PT');
      const bot = await createBot(h, user.token);
      expect(requirementOf(await from(user.token, bot.id, '81.2.69.142'), 'jurisdiction')).toMatchObject({ state: 'blocked', details: { requestCountry: 'GB', requestCountrySource: 'geoip' } });
      expect(requirementOf(await from(user.token, bot.id, '89.160.20.112'), 'jurisdiction')).toMatchObject({ state: 'met', details: { requestCountry: 'SE', requestCountrySource: 'geoip' } });
      expect(requirementOf(await from(user.token, bot.id, '127.0.0.1'), 'jurisdiction')).toMatchObject({ state: 'met', details: { requestCountry: null, requestCountrySource: 'local' } });
    });
  });

  describe(`where real money is traded on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      const env = { TRUST_PROXY: 'true', REAL_MONEY_TRADING: 'true', CREDENTIALS_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`, KYC_PROVIDER: 'sumsub', SUMSUB_BASE_URL: 'http://127.0.0.1:9', SUMSUB_APP_TOKEN: 't', SUMSUB_SECRET_KEY: 's', SUMSUB_WEBHOOK_SECRET: 'w' };
      h = await createApiHarness(engine, env, {
        kyc: (c: ManualClock) => createSumsubProvider({ baseUrl: 'http://127.0.0.1:9', appToken: 't', secretKey: 's', webhookSecret: 'w', levelName: 'l', accessTokenTtlSecs: 60, clock: c }),
      });
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    test('a local address names no country and the jurisdiction is not met; the sandbox review route does not exist', async () => {
      const user = await signUp(h, 'real');
      const bot = await createBot(h, user.token);
      const e = await ok<EligibilityJson>(await h.request(`/api/v1/bots/${bot.id}/live-eligibility`, { headers: { authorization: `Bearer ${user.token}`, 'x-forwarded-for': '10.0.0.7' } }));
      expect(requirementOf(e, 'jurisdiction')).toMatchObject({ state: 'missing', details: { requestCountrySource: 'local' } });
      const sandbox = await h.request('/api/v1/kyc/sandbox/review', { method: 'POST', headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ answer: 'GREEN', country: 'PT' }) });
      expect(sandbox.status).toBe(404);
    });
  });
}
