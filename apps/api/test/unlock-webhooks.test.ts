/**
 * The provider webhooks posted to the running API: SumSub's review webhook (signature from the
 * payload digest; forged refused, replays and stale events ignored) and RevenueCat's billing
 * webhook (authorization header; grants, keeps and revokes the tier; a lapsed tier pauses live
 * bots). Neither route takes a session: each is authenticated by its own signature or header.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ManualClock } from '@polymancer/core';
import { createSumsubProvider } from '@polymancer/kyc';
import { revenueCatWebhook, type RevenueCatCase } from '../../../packages/billing/test/revenuecat-fixtures.ts';
import { signedPost, SumsubServer, type SumsubServerOptions } from '../../../packages/kyc/test/sumsub-server.ts';
import { testEngines } from '../../../test/databases.ts';
import { auditRows, signUp, type SignedIn } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { createTicker } from './bots-helpers.ts';
import { acknowledge, botWithPaperRecord, call, COUNTRY_HEADER, eligibility, HOUR, listen, ok, passQuiz, reauthenticate, REVENUECAT_AUTH } from './unlock-helpers.ts';

for (const engine of testEngines()) {
  describe(`provider webhooks on ${engine}`, () => {
    let h: ApiHarness;
    let sumsub: SumsubServer;
    let api: { url: string; stop(): Promise<void> };
    const clock = new ManualClock(new Date());
    const options: SumsubServerOptions = { appToken: 'sbx:hooks-app-token', secretKey: 'hooks-secret-key', webhookSecret: 'hooks-webhook-secret', clock };

    beforeAll(async () => {
      sumsub = new SumsubServer(options).start();
      h = await createApiHarness(
        engine,
        {
          KYC_PROVIDER: 'sumsub',
          SUMSUB_BASE_URL: sumsub.url,
          SUMSUB_APP_TOKEN: options.appToken,
          SUMSUB_SECRET_KEY: options.secretKey,
          SUMSUB_WEBHOOK_SECRET: options.webhookSecret,
          REVENUECAT_WEBHOOK_AUTHORIZATION: REVENUECAT_AUTH,
          REQUEST_COUNTRY_HEADER: COUNTRY_HEADER,
        },
        { kyc: (c) => createSumsubProvider({ baseUrl: sumsub.url, appToken: options.appToken, secretKey: options.secretKey, webhookSecret: options.webhookSecret, levelName: 'basic-kyc-level', accessTokenTtlSecs: 600, clock: c }) },
      );
      clock.set(h.clock.now());
      const advance = h.clock.advance.bind(h.clock);
      h.clock.advance = (ms: number) => {
        advance(ms);
        clock.set(h.clock.now());
      };
      api = listen(h);
      sumsub.setWebhookUrl(`${api.url}/api/v1/webhooks/sumsub`);
    }, 60_000);
    afterAll(async () => {
      await api.stop();
      await sumsub.stop();
      await h.dispose();
    }, 60_000);

    const kycOf = async (user: SignedIn) => ok<{ status: string; reason: string | null; country: string | null }>(await call(h, user.token, 'GET', '/api/v1/kyc'));

    async function applicantFor(user: SignedIn): Promise<string> {
      await ok(await call(h, user.token, 'POST', '/api/v1/kyc/verification'));
      const a = sumsub.applicantOf(user.userId);
      if (a === undefined) throw new Error('no applicant');
      return a.id;
    }

    describe('SumSub', () => {
      test('GREEN verifies; the replayed webhook is ignored; a forged one is refused and changes nothing', async () => {
        const user = await signUp(h, 'sumsub-green');
        const applicantId = await applicantFor(user);
        sumsub.setCountry(applicantId, 'ESP');
        await signedPost(sumsub, options, `/resources/applicants/${applicantId}/status/testCompleted`, { reviewAnswer: 'GREEN' });
        const genuine = sumsub.delivered.at(-1);
        if (genuine === undefined) throw new Error('nothing delivered');
        expect({ status: genuine.status, body: JSON.parse(genuine.responseText) }).toEqual({ status: 200, body: { outcome: 'applied' } });
        expect(await kycOf(user)).toMatchObject({ status: 'verified', country: 'ES' });

        const replayed = await sumsub.replay(genuine);
        expect({ status: replayed.status, body: JSON.parse(replayed.responseText) }).toEqual({ status: 200, body: { outcome: 'duplicate' } });

        // A forged RED (wrong secret) must not undo the verification.
        const applicant = sumsub.applicants.get(applicantId);
        if (applicant === undefined) throw new Error('no applicant');
        h.clock.advance(60_000);
        const forged = await sumsub.deliver({ ...sumsub.reviewedPayload(applicant), reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'FINAL', rejectLabels: ['FORGERY'] } }, { forge: true });
        expect(forged.status).toBe(401);
        expect(JSON.parse(forged.responseText).error.code).toBe('webhook_unauthorized');
        const unsigned = await sumsub.deliver({ ...sumsub.reviewedPayload(applicant), reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'FINAL' } }, { omitDigest: true });
        expect(unsigned.status).toBe(401);
        expect(await kycOf(user)).toMatchObject({ status: 'verified' });
        const changes = (await auditRows(h)).filter((r) => r.subject_id === user.userId && r.action === 'kyc.status.changed');
        expect(changes.map((c) => c.details.to)).toEqual(['verified']);
      });

      test('an old GREEN replayed after a later RED cannot verify: events older than the last applied are stale', async () => {
        const user = await signUp(h, 'sumsub-stale');
        const applicantId = await applicantFor(user);
        const applicant = sumsub.applicants.get(applicantId);
        if (applicant === undefined) throw new Error('no applicant');
        const earlier = h.clock.now();
        h.clock.advance(60_000);
        const red = await sumsub.deliver({ ...sumsub.reviewedPayload(applicant), reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'FINAL', rejectLabels: ['FORGERY'], moderationComment: 'We could not verify your profile.' } });
        expect(JSON.parse(red.responseText)).toEqual({ outcome: 'applied' });
        const oldGreen = await sumsub.deliver({ ...sumsub.reviewedPayload(applicant, earlier), reviewResult: { reviewAnswer: 'GREEN' } });
        expect(JSON.parse(oldGreen.responseText)).toEqual({ outcome: 'stale' });
        expect(await kycOf(user)).toMatchObject({ status: 'rejected', reason: 'We could not verify your profile.' });
      });

      test('RED retry sends the user back to pending with the reason; the internal comment never reaches them', async () => {
        const user = await signUp(h, 'sumsub-retry');
        const applicantId = await applicantFor(user);
        await signedPost(sumsub, options, `/resources/applicants/${applicantId}/status/testCompleted`, {
          reviewAnswer: 'RED',
          reviewRejectType: 'RETRY',
          rejectLabels: ['BAD_PROOF_OF_ADDRESS'],
          moderationComment: 'Your proof of address is older than three months.',
          clientComment: 'internal: suspicious device fingerprint',
        });
        const kyc = await kycOf(user);
        expect(kyc).toMatchObject({ status: 'pending', reason: 'Your proof of address is older than three months.' });
        const body = await (await call(h, user.token, 'GET', '/api/v1/kyc')).text();
        expect(body).not.toContain('suspicious device');
        expect(JSON.stringify(await auditRows(h))).not.toContain('suspicious device');
      });

      test('a webhook about an applicant we never created is acknowledged and changes nothing', async () => {
        const res = await sumsub.deliver({ applicantId: 'ffffffffffffffffffffffff', externalUserId: 'usr_nobody', type: 'applicantReviewed', reviewResult: { reviewAnswer: 'GREEN' }, reviewStatus: 'completed', createdAtMs: '2026-01-01 00:00:00.000' });
        expect({ status: res.status, body: JSON.parse(res.responseText) }).toEqual({ status: 200, body: { outcome: 'unknown_applicant' } });
      });
    });

    describe('RevenueCat', () => {
      const post = (body: unknown, authorization: string | null = REVENUECAT_AUTH) =>
        fetch(`${api.url}/api/v1/webhooks/revenuecat`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) }, body: JSON.stringify(body) });
      const event = (which: RevenueCatCase, user: SignedIn, extra: { expiresAt?: Date; eventAt?: Date; entitlementIds?: readonly string[]; environment?: 'SANDBOX' | 'PRODUCTION' } = {}) =>
        revenueCatWebhook(which, { appUserId: user.userId, eventAt: extra.eventAt ?? h.clock.now(), expiresAt: extra.expiresAt ?? new Date(h.clock.now().getTime() + 30 * 24 * HOUR), ...extra });
      const tierOf = async (user: SignedIn) => (await ok<{ tier: string }>(await call(h, user.token, 'GET', '/api/v1/me'))).tier;

      test('a wrong, missing or differently-cased authorization header is refused and changes nothing', async () => {
        const user = await signUp(h, 'rc-auth');
        for (const auth of ['Bearer wrong', null, REVENUECAT_AUTH.toLowerCase(), REVENUECAT_AUTH.slice(0, -1), 'Bearer']) {
          const res = await post(event('initial_purchase', user), auth);
          expect({ auth, status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code }).toEqual({ auth, status: 401, code: 'webhook_unauthorized' });
        }
        expect(await tierOf(user)).toBe('free');
      });

      test('INITIAL_PURCHASE grants, CANCELLATION keeps until expiry, UNCANCELLATION, RENEWAL and PRODUCT_CHANGE grant, EXPIRATION revokes', async () => {
        const user = await signUp(h, 'rc-life');
        const step = async (which: RevenueCatCase, extra: Parameters<typeof event>[2] = {}) => {
          h.clock.advance(60_000);
          return ((await (await post(event(which, user, extra))).json()) as { outcome: string }).outcome;
        };
        expect(await step('initial_purchase')).toBe('applied');
        expect(await tierOf(user)).toBe('pro');
        expect(await step('cancellation')).toBe('unchanged');
        expect(await tierOf(user)).toBe('pro');
        expect(await step('uncancellation')).toBe('unchanged');
        expect(await step('renewal')).toBe('unchanged');
        expect(await step('product_change', { entitlementIds: ['basic'] })).toBe('applied');
        expect(await tierOf(user)).toBe('basic');
        expect(await step('billing_issue')).toBe('ignored');
        expect(await tierOf(user)).toBe('basic');
        expect(await step('expiration')).toBe('applied');
        expect(await tierOf(user)).toBe('free');
        const tiers = (await auditRows(h)).filter((r) => r.subject_id === user.userId && r.action === 'user.tier.changed').map((r) => [r.details.from, r.details.to, r.details.eventType]);
        expect(tiers).toEqual([
          ['free', 'pro', 'INITIAL_PURCHASE'],
          ['pro', 'basic', 'PRODUCT_CHANGE'],
          ['basic', 'free', 'EXPIRATION'],
        ]);
        expect((await h.notificationsOf(user.userId)).filter((n) => n.kind === 'tier.changed')).toHaveLength(3);
      });

      test('events are deduplicated by id, and one older than the last applied is stale', async () => {
        const user = await signUp(h, 'rc-dedupe');
        h.clock.advance(60_000);
        const purchase = event('initial_purchase', user);
        expect(await (await post(purchase)).json()).toEqual({ outcome: 'applied' });
        expect(await (await post(purchase)).json()).toEqual({ outcome: 'duplicate' });
        const oldExpiration = event('expiration', user, { eventAt: new Date(h.clock.now().getTime() - HOUR) });
        expect(await (await post(oldExpiration)).json()).toEqual({ outcome: 'stale' });
        expect(await tierOf(user)).toBe('pro');
      });

      test("the TEST event and events for someone who is not our user change nothing; an operator's grant is not revoked by billing", async () => {
        const user = await signUp(h, 'rc-misc');
        expect(await (await post(event('test', user))).json()).toEqual({ outcome: 'ignored' });
        expect(await (await post(revenueCatWebhook('initial_purchase', { appUserId: 'usr_not_ours', eventAt: h.clock.now() }))).json()).toEqual({ outcome: 'unknown_user' });
        await h.database.handle.db.execute(`insert into tier_grants (user_id, source, tier, updated_at) values ('${user.userId}', 'operator', 'pro', now())` as never);
        await h.database.handle.db.execute(`update users set tier = 'pro' where id = '${user.userId}'` as never);
        h.clock.advance(60_000);
        expect(await (await post(event('expiration', user))).json()).toEqual({ outcome: 'ignored' });
        expect(await tierOf(user)).toBe('pro');
      });

      test('a body that is not a RevenueCat event is 422 with the field paths, never a 500', async () => {
        const res = await post({ api_version: '1.0', event: { type: 'RENEWAL' } });
        expect(res.status).toBe(422);
        const bad = await fetch(`${api.url}/api/v1/webhooks/revenuecat`, { method: 'POST', headers: { authorization: REVENUECAT_AUTH, 'content-type': 'application/json' }, body: '{not json' });
        expect(bad.status).toBe(400);
      });

      test('a lapsed tier pauses the user’s live bots at once; they cannot be resumed until the requirements hold again', async () => {
        const user = await signUp(h, 'rc-lapse');
        const ticker = createTicker(h);
        const botId = await botWithPaperRecord(h, user.token, ticker);
        // KYC through SumSub, the quiz, the acknowledgment, credentials, and a RevenueCat purchase.
        const applicantId = await applicantFor(user);
        sumsub.setCountry(applicantId, 'PRT');
        await signedPost(sumsub, options, `/resources/applicants/${applicantId}/status/testCompleted`, { reviewAnswer: 'GREEN' });
        await passQuiz(h, user.token);
        await acknowledge(h, user.token);
        h.validCredentials.add(user.userId);
        expect(await (await post(event('initial_purchase', user))).json()).toEqual({ outcome: 'applied' });
        expect((await eligibility(h, user.token, botId)).state).toBe('cooling_off');
        h.clock.advance(24 * HOUR);
        expect((await eligibility(h, user.token, botId)).isUnlockedForLive).toBe(true);
        await reauthenticate(h, user.token);
        const live = await ok<{ bot: { id: string; status: string } }>(await call(h, user.token, 'POST', `/api/v1/bots/${botId}/go-live`), 201);
        expect(live.bot.status).toBe('active');

        h.clock.advance(60_000);
        expect(await (await post(event('expiration', user))).json()).toEqual({ outcome: 'applied' });
        const liveNow = await ok<{ status: string }>(await call(h, user.token, 'GET', `/api/v1/bots/${live.bot.id}`));
        expect(liveNow.status).toBe('paused');
        const paperNow = await ok<{ status: string }>(await call(h, user.token, 'GET', `/api/v1/bots/${botId}`));
        expect(paperNow.status).toBe('active');
        const paused = (await auditRows(h)).filter((r) => r.subject_id === live.bot.id && r.action === 'bot.paused');
        expect(paused[0]?.details).toMatchObject({ reason: 'tier_lapsed' });
        expect((await h.notificationsOf(user.userId)).filter((n) => n.kind === 'bot.live_paused').map((n) => n.data.botId)).toContain(live.bot.id);

        const resume = await call(h, user.token, 'POST', `/api/v1/bots/${live.bot.id}/resume`);
        expect(resume.status).toBe(409);
        expect(((await resume.json()) as { error: { code: string; details: { unmet: string[] } } }).error).toMatchObject({ code: 'live_requirements_unmet', details: { unmet: ['cooling_off', 'paid_tier'] } });
        expect((await eligibility(h, user.token, live.bot.id)).state).toBe('locked');
      });
    });
  });
}
