/**
 * The whole unlock path through the running API with the test clock: a new paper bot becomes a
 * live bot. KYC runs against the local SumSub-protocol server (its review arrives as a signed
 * webhook over HTTP), the tier comes from a recorded-shape RevenueCat event posted to the API.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ManualClock } from '@polymancer/core';
import { createSumsubProvider } from '@polymancer/kyc';
import { revenueCatWebhook } from '../../../packages/billing/test/revenuecat-fixtures.ts';
import { signedPost, SumsubServer, type SumsubServerOptions } from '../../../packages/kyc/test/sumsub-server.ts';
import { testEngines } from '../../../test/databases.ts';
import { auditRows, errorOf, signUp } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { buyYes, createBot, createTicker, getJson, send } from './bots-helpers.ts';
import { ACK, call, COUNTRY_HEADER, eligibility, HOUR, listen, ok, reauthenticate, requirementOf, REVENUECAT_AUTH, RIGHT_ANSWERS, unmet } from './unlock-helpers.ts';

for (const engine of testEngines()) {
  describe(`from a new paper bot to a live bot on ${engine}`, () => {
    let h: ApiHarness;
    let sumsub: SumsubServer;
    let api: { url: string; stop(): Promise<void> };
    // The SumSub server and the API share the test clock (request timestamps are checked against it).
    const clock = new ManualClock(new Date());
    const sumsubOptions: SumsubServerOptions = { appToken: 'sbx:walk-app-token', secretKey: 'walk-secret-key', webhookSecret: 'walk-webhook-secret', clock };

    beforeAll(async () => {
      sumsub = new SumsubServer(sumsubOptions).start();
      h = await createApiHarness(
        engine,
        {
          KYC_PROVIDER: 'sumsub',
          SUMSUB_BASE_URL: sumsub.url,
          SUMSUB_APP_TOKEN: sumsubOptions.appToken,
          SUMSUB_SECRET_KEY: sumsubOptions.secretKey,
          SUMSUB_WEBHOOK_SECRET: sumsubOptions.webhookSecret,
          REVENUECAT_WEBHOOK_AUTHORIZATION: REVENUECAT_AUTH,
          REQUEST_COUNTRY_HEADER: COUNTRY_HEADER,
        },
        { kyc: (c) => createSumsubProvider({ baseUrl: sumsub.url, appToken: sumsubOptions.appToken, secretKey: sumsubOptions.secretKey, webhookSecret: sumsubOptions.webhookSecret, levelName: 'basic-kyc-level', accessTokenTtlSecs: 600, clock: c }) },
      );
      clock.set(h.clock.now());
      // Keep the two clocks one: every advance of the harness's clock moves the SumSub server's too.
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

    test('each step in turn, the cooling-off only after the others, then go-live with a fresh session', async () => {
      const user = await signUp(h, 'walker');
      const ticker = createTicker(h);
      const bot = await createBot(h, user.token, { name: 'walker bot' });
      await send(h, user.token, 'POST', `/api/v1/bots/${bot.id}/resume`);

      // A new bot: nothing is met but the request country (PT, allowed) — and no KYC country yet.
      let e = await eligibility(h, user.token, bot.id);
      expect(e).toMatchObject({ state: 'locked', isUnlockedForLive: false, canGoLive: false });
      expect(unmet(e)).toEqual(['acknowledgment', 'cooling_off', 'credentials', 'jurisdiction', 'kyc', 'paid_tier', 'paper_record', 'risk_quiz']);
      expect(requirementOf(e, 'cooling_off').missing).toContain('starts once every other requirement is met');

      // 1. Paper record: 10 trades of its own, then 24 h.
      for (let i = 0; i < 10; i += 1) await ticker.tick(bot.id, buyYes(5_000_000));
      e = await eligibility(h, user.token, bot.id);
      const paper = requirementOf(e, 'paper_record');
      expect(paper.state).toBe('waiting');
      expect(paper.details).toMatchObject({ qualifyingTrades: 10, requiredTrades: 10 });
      const expectedAt = Date.parse(paper.expectedAt ?? '');
      h.clock.advance(expectedAt - h.clock.now().getTime());
      expect(requirementOf(await eligibility(h, user.token, bot.id), 'paper_record').state).toBe('met');

      // 2. KYC with SumSub: applicant + SDK token, then the review arrives as a signed webhook.
      const started = await ok<{ provider: string; sandbox: boolean; accessToken: string }>(await call(h, user.token, 'POST', '/api/v1/kyc/verification'));
      expect(started).toMatchObject({ provider: 'sumsub', sandbox: false });
      expect(started.accessToken).toStartWith('_act-');
      expect(requirementOf(await eligibility(h, user.token, bot.id), 'kyc').state).toBe('waiting');
      const applicant = sumsub.applicantOf(user.userId);
      if (applicant === undefined) throw new Error('no applicant at SumSub');
      sumsub.setCountry(applicant.id, 'PRT');
      expect((await signedPost(sumsub, sumsubOptions, `/resources/applicants/${applicant.id}/status/testCompleted`, { reviewAnswer: 'GREEN', rejectLabels: [] })).status).toBe(200);
      expect(sumsub.delivered.at(-1)?.status).toBe(200);
      const kyc = await ok<{ status: string; country: string; verifiedAt: string }>(await call(h, user.token, 'GET', '/api/v1/kyc'));
      expect(kyc).toMatchObject({ status: 'verified', country: 'PT', verifiedAt: h.clock.now().toISOString() });
      e = await eligibility(h, user.token, bot.id);
      expect(requirementOf(e, 'kyc').state).toBe('met');
      expect(requirementOf(e, 'jurisdiction')).toMatchObject({ state: 'met', details: { kycCountry: 'PT', requestCountry: 'PT', requestCountrySource: 'header' } });

      // 3. Risk quiz: a wrong attempt, the wait, then a pass.
      const quiz = await ok<{ questions: unknown[] }>(await call(h, user.token, 'GET', '/api/v1/unlock/quiz'));
      expect(quiz.questions).toHaveLength(5);
      const wrong = await ok<{ passed: boolean; score: number; wrong: Array<{ questionId: string }>; nextAttemptAt: string }>(
        await call(h, user.token, 'POST', '/api/v1/unlock/quiz/attempts', { answers: { ...RIGHT_ANSWERS, q_liquidity: 'a' } }),
      );
      expect(wrong).toMatchObject({ passed: false, score: 4, wrong: [{ questionId: 'q_liquidity' }] });
      const early = await call(h, user.token, 'POST', '/api/v1/unlock/quiz/attempts', { answers: RIGHT_ANSWERS });
      expect(early.status).toBe(429);
      expect((await errorOf(early)).details).toMatchObject({ nextAttemptAt: wrong.nextAttemptAt, reason: 'wait' });
      h.clock.advance(Date.parse(wrong.nextAttemptAt) - h.clock.now().getTime());
      expect((await ok<{ passed: boolean }>(await call(h, user.token, 'POST', '/api/v1/unlock/quiz/attempts', { answers: RIGHT_ANSWERS }))).passed).toBe(true);

      // 4. The acknowledgment, exactly.
      expect((await call(h, user.token, 'POST', '/api/v1/unlock/acknowledgment', { text: 'I understand I may lose real money.' })).status).toBe(422);
      await ok(await call(h, user.token, 'POST', '/api/v1/unlock/acknowledgment', { text: ACK }));

      // 5. Valid credentials (the vault's verdict).
      h.validCredentials.add(user.userId);
      e = await eligibility(h, user.token, bot.id);
      expect(unmet(e)).toEqual(['cooling_off', 'paid_tier']);
      expect(e.coolingOffStartedAt).toBeNull();

      // 6. The paid tier from a RevenueCat purchase posted to the running API: the last step — the cooling-off starts now.
      h.clock.advance(HOUR);
      const lastStepAt = h.clock.now();
      const purchase = revenueCatWebhook('initial_purchase', { appUserId: user.userId, eventAt: lastStepAt, expiresAt: new Date(lastStepAt.getTime() + 30 * 24 * HOUR) });
      const rc = await fetch(`${api.url}/api/v1/webhooks/revenuecat`, { method: 'POST', headers: { authorization: REVENUECAT_AUTH, 'content-type': 'application/json' }, body: JSON.stringify(purchase) });
      expect(await rc.json()).toEqual({ outcome: 'applied' });
      e = await eligibility(h, user.token, bot.id);
      expect(e).toMatchObject({ state: 'cooling_off', coolingOffStartedAt: lastStepAt.toISOString(), coolingOffEndsAt: new Date(lastStepAt.getTime() + 24 * HOUR).toISOString() });
      expect(requirementOf(e, 'cooling_off')).toMatchObject({ state: 'waiting', expectedAt: new Date(lastStepAt.getTime() + 24 * HOUR).toISOString() });
      expect(unmet(e)).toEqual(['cooling_off']);
      expect((await h.notificationsOf(user.userId)).map((n) => n.kind)).toContain('unlock.cooling_off_started');

      // Not a moment early; then the sweep (nobody asking) unlocks it and the user is told.
      h.clock.advance(24 * HOUR - 1_000);
      expect((await eligibility(h, user.token, bot.id)).state).toBe('cooling_off');
      h.clock.advance(1_000);
      await h.deps.unlock.sweep();
      expect((await h.notificationsOf(user.userId)).filter((n) => n.kind === 'unlock.unlocked').map((n) => n.data.botId)).toEqual([bot.id]);
      e = await eligibility(h, user.token, bot.id);
      expect(e).toMatchObject({ state: 'unlocked', isUnlockedForLive: true, canGoLive: true, unlockedAt: h.clock.now().toISOString() });
      expect(unmet(e)).toEqual([]);
      const row = (await h.database.handle.db.execute(`select is_unlocked_for_live, unlocked_at, kyc_verified, type from bots where id = '${bot.id}'` as never)) as unknown;
      const [stored] = (Array.isArray(row) ? row : (row as { rows: unknown[] }).rows) as Array<{ is_unlocked_for_live: boolean; unlocked_at: unknown; kyc_verified: boolean; type: string }>;
      expect(stored).toMatchObject({ is_unlocked_for_live: true, kyc_verified: true, type: 'paper' });

      // Go-live: refused on a stale session, done with a fresh one.
      const stale = await call(h, user.token, 'POST', `/api/v1/bots/${bot.id}/go-live`);
      expect(stale.status).toBe(401);
      expect((await errorOf(stale)).code).toBe('fresh_auth_required');
      expect((await auditRows(h)).filter((r) => r.action === 'bot.went_live')).toHaveLength(0);
      await reauthenticate(h, user.token);
      const live = await ok<{ activationId: string; paperBotId: string; bot: { id: string; type: string; status: string; name: string } }>(
        await call(h, user.token, 'POST', `/api/v1/bots/${bot.id}/go-live`),
        201,
      );
      expect(live).toMatchObject({ paperBotId: bot.id, bot: { type: 'live', status: 'active', name: 'walker bot (live)' } });
      expect((await h.notificationsOf(user.userId)).map((n) => n.kind)).toContain('bot.went_live');

      // Paper and live side by side: the paper bot stays paper.
      const bots = await getJson<{ items: Array<{ id: string; type: string }> }>(h, user.token, '/api/v1/bots');
      expect(bots.items.map((b) => [b.id, b.type])).toEqual([
        [bot.id, 'paper'],
        [live.bot.id, 'live'],
      ]);
      const wentLive = (await auditRows(h)).filter((r) => r.action === 'bot.went_live');
      expect(wentLive).toHaveLength(1);
      expect(wentLive[0]).toMatchObject({ actor_id: user.userId, subject_id: bot.id, details: { paperBotId: bot.id, liveBotId: live.bot.id, requestCountry: 'PT' } });

      // A second go-live of the same paper bot is refused with the live bot's id.
      const again = await call(h, user.token, 'POST', `/api/v1/bots/${bot.id}/go-live`);
      expect(again.status).toBe(409);
      expect(await errorOf(again)).toMatchObject({ code: 'already_live', details: { liveBotId: live.bot.id } });

      // The live bot's eligibility holds (it stands on the paper bot's record) and it cannot go live again.
      expect(await eligibility(h, user.token, live.bot.id)).toMatchObject({ botType: 'live', state: 'unlocked', canGoLive: false });

      // Until live execution exists, its tick holds with a recorded reason and paper-trades nothing.
      await ticker.tick(live.bot.id, undefined, 60_000, 'skipped');
      const decisions = await getJson<{ items: Array<{ kind: string; holdCode: string; reasoning: string }> }>(h, user.token, `/api/v1/bots/${live.bot.id}/decisions`);
      expect(decisions.items[0]).toMatchObject({ kind: 'hold', holdCode: 'live_execution_unavailable' });
      expect((await getJson<{ items: unknown[] }>(h, user.token, `/api/v1/bots/${live.bot.id}/trades`)).items).toHaveLength(0);

      // Shadow trading: a mode of the live bot, behind go-live's gates (a fresh session, every requirement holding).
      const shadow = (id: string, body: unknown) => call(h, user.token, 'PUT', `/api/v1/bots/${id}/shadow-mode`, body);
      h.clock.advance(301_000);
      const staleShadow = await shadow(live.bot.id, { enabled: true });
      expect(staleShadow.status).toBe(401);
      expect((await errorOf(staleShadow)).code).toBe('fresh_auth_required');
      await reauthenticate(h, user.token);
      const onPaper = await shadow(bot.id, { enabled: true });
      expect(onPaper.status).toBe(409);
      expect((await errorOf(onPaper)).code).toBe('not_live');
      for (const bad of [{}, { enabled: 'yes' }, { enabled: null }]) expect({ bad, status: (await shadow(live.bot.id, bad)).status }).toEqual({ bad, status: 422 });
      expect(await ok(await shadow(live.bot.id, { enabled: true }))).toEqual({ botId: live.bot.id, shadowMode: true, changed: true, at: h.clock.now().toISOString() });
      expect(await ok(await shadow(live.bot.id, { enabled: true }))).toMatchObject({ shadowMode: true, changed: false });
      expect(await getJson<{ shadowMode: boolean }>(h, user.token, `/api/v1/bots/${live.bot.id}`)).toMatchObject({ type: 'live', shadowMode: true });
      expect(await getJson<{ shadowMode: boolean }>(h, user.token, `/api/v1/bots/${bot.id}`)).toMatchObject({ type: 'paper', shadowMode: false });
      const shadowAudit = (await auditRows(h)).filter((r) => r.action.startsWith('bot.shadow_mode.'));
      // (The stale attempt never reached the service: the fresh-session guard refused it.)
      expect(shadowAudit.map((r) => [r.action, r.subject_id])).toEqual([
        ['bot.shadow_mode.requested', bot.id],
        ['bot.shadow_mode.refused', bot.id],
        ['bot.shadow_mode.requested', live.bot.id],
        ['bot.shadow_mode.enabled', live.bot.id],
        ['bot.shadow_mode.requested', live.bot.id],
        ['bot.shadow_mode.enabled', live.bot.id],
      ]);
      expect(shadowAudit.at(-3)).toMatchObject({ actor_id: user.userId, details: { changed: true, requestCountry: 'PT' } });
      // Its divergence report (no shadow decisions yet); bad input is a 4xx with the error shape.
      const report = await ok<Record<string, unknown>>(await call(h, user.token, 'GET', `/api/v1/bots/${live.bot.id}/shadow-report`));
      expect(report).toMatchObject({ botId: live.bot.id, shadowMode: true, decisions: 0, liveFillRateBps: null, paperFillRateBps: null, divergent: { items: [], nextOffset: null } });
      for (const q of ['limit=0', 'limit=101', 'offset=-1', 'from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z', 'from=yesterday', 'limit=abc']) {
        const res = await call(h, user.token, 'GET', `/api/v1/bots/${live.bot.id}/shadow-report?${q}`);
        expect({ q, status: res.status }).toEqual({ q, status: 422 });
        expect((await errorOf(res)).code).toBe('validation_failed');
      }
      // A requirement that lapses closes the gate both ways: no switch back to full-size live orders either.
      h.validCredentials.delete(user.userId);
      const lapsed = await shadow(live.bot.id, { enabled: false });
      expect(lapsed.status).toBe(409);
      expect(await errorOf(lapsed)).toMatchObject({ code: 'not_unlocked', details: { unmet: ['cooling_off', 'credentials'] } });
      expect(await getJson<{ shadowMode: boolean }>(h, user.token, `/api/v1/bots/${live.bot.id}`)).toMatchObject({ shadowMode: true });
      expect((await auditRows(h)).filter((r) => r.action === 'bot.shadow_mode.refused').at(-1)).toMatchObject({ subject_id: live.bot.id, details: { reason: 'not_unlocked', unmet: ['cooling_off', 'credentials'] } });
    });
  });
}
