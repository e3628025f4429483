/**
 * Each live requirement, through the API: it blocks alone (all the others satisfied), and the
 * rules around it — this bot's own trades, the quiz's wrong answers and attempt limits, the
 * acknowledgment's exact text, blocked and close-only countries, a lapse after unlocking.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { auditRows, errorOf, signUp, type SignedIn } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { buyYes, createBot, createTicker, send, type Ticker } from './bots-helpers.ts';
import {
  ACK,
  acknowledge,
  botWithPaperRecord,
  call,
  COUNTRY_HEADER,
  eligibility,
  HOUR,
  ok,
  passQuiz,
  reauthenticate,
  requirementOf,
  RIGHT_ANSWERS,
  sandboxKyc,
  setTierInDatabase,
  unmet,
} from './unlock-helpers.ts';

type Step = 'paper_record' | 'kyc' | 'risk_quiz' | 'acknowledgment' | 'paid_tier' | 'credentials' | 'jurisdiction';
const steps: readonly Step[] = ['paper_record', 'kyc', 'risk_quiz', 'acknowledgment', 'paid_tier', 'credentials', 'jurisdiction'];

for (const engine of testEngines()) {
  describe(`live requirements on ${engine}`, () => {
    let h: ApiHarness;
    let ticker: Ticker;
    beforeAll(async () => {
      h = await createApiHarness(engine, { REQUEST_COUNTRY_HEADER: COUNTRY_HEADER });
      ticker = createTicker(h);
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    /** A user with every step done except `except`; returns them and their bot. */
    async function allBut(except: Step | null, label: string): Promise<{ user: SignedIn; botId: string }> {
      const user = await signUp(h, label);
      let botId: string;
      if (except === 'paper_record') {
        const bot = await createBot(h, user.token, { name: 'nine trades' });
        await send(h, user.token, 'POST', `/api/v1/bots/${bot.id}/resume`);
        for (let i = 0; i < 9; i += 1) await ticker.tick(bot.id, buyYes(5_000_000));
        await ticker.tick(bot.id, undefined, 24 * HOUR);
        botId = bot.id;
      } else botId = await botWithPaperRecord(h, user.token, ticker);
      await sandboxKyc(h, user.token, except === 'jurisdiction' ? 'US' : 'PT');
      // KYC alone unmet: the identity was verified (its country is known), then a re-review asks for another try.
      if (except === 'kyc') await ok(await call(h, user.token, 'POST', '/api/v1/kyc/sandbox/review', { answer: 'RED', rejectType: 'RETRY', message: 'Please resubmit.' }));
      if (except !== 'risk_quiz') await passQuiz(h, user.token);
      if (except !== 'acknowledgment') await acknowledge(h, user.token);
      if (except !== 'paid_tier') await setTierInDatabase(h, user.userId, 'basic');
      if (except !== 'credentials') h.validCredentials.add(user.userId);
      return { user, botId };
    }

    for (const step of steps) {
      test(`${step} alone keeps the bot locked and the cooling-off from starting`, async () => {
        const { user, botId } = await allBut(step, `without-${step}`);
        const e = await eligibility(h, user.token, botId);
        expect({ state: e.state, unmet: unmet(e), coolingOffStartedAt: e.coolingOffStartedAt }).toEqual({ state: 'locked', unmet: [step, 'cooling_off'].sort(), coolingOffStartedAt: null });
        expect(requirementOf(e, step).missing).toBeString();
        h.clock.advance(48 * HOUR);
        expect((await eligibility(h, user.token, botId)).state).toBe('locked');
      });
    }

    test('with the other seven satisfied only the cooling-off remains; it starts then and runs 24 h', async () => {
      const { user, botId } = await allBut(null, 'all-seven');
      const start = h.clock.now();
      const e = await eligibility(h, user.token, botId);
      expect(unmet(e)).toEqual(['cooling_off']);
      expect(e.coolingOffStartedAt).toBe(start.toISOString());
      h.clock.advance(24 * HOUR - 1);
      expect((await eligibility(h, user.token, botId)).isUnlockedForLive).toBe(false);
      h.clock.advance(1);
      expect((await eligibility(h, user.token, botId)).isUnlockedForLive).toBe(true);
    });

    test("the 10 trades must be this bot's own: another bot's trades do not count", async () => {
      const user = await signUp(h, 'two-bots');
      const proven = await botWithPaperRecord(h, user.token, ticker, 'proven');
      const fresh = await createBot(h, user.token, { name: 'fresh' });
      await send(h, user.token, 'POST', `/api/v1/bots/${fresh.id}/resume`);
      await ticker.tick(fresh.id, buyYes(5_000_000));
      expect(requirementOf(await eligibility(h, user.token, proven), 'paper_record').state).toBe('met');
      const other = requirementOf(await eligibility(h, user.token, fresh.id), 'paper_record');
      expect(other).toMatchObject({ state: 'missing', details: { qualifyingTrades: 1, requiredTrades: 10 } });
      expect(other.missing).toContain('9 more qualifying paper trades by this bot');
    });

    test('a KYC country on the blocked list cannot unlock', async () => {
      const { user, botId } = await allBut('jurisdiction', 'kyc-us');
      const j = requirementOf(await eligibility(h, user.token, botId), 'jurisdiction');
      expect(j).toMatchObject({ state: 'blocked', details: { kycCountry: 'US', status: 'blocked' } });
    });

    test('a request country on the blocked list cannot unlock, and one on the close-only list neither', async () => {
      const { user, botId } = await allBut(null, 'traveller');
      const fromGb = await eligibility(h, user.token, botId, 'GB');
      expect(requirementOf(fromGb, 'jurisdiction')).toMatchObject({ state: 'blocked', details: { requestCountry: 'GB', status: 'blocked' } });
      expect(fromGb.state).toBe('locked');
      const fromSg = await eligibility(h, user.token, botId, 'SG');
      expect(requirementOf(fromSg, 'jurisdiction')).toMatchObject({ state: 'blocked', details: { requestCountry: 'SG', status: 'close_only' } });
      expect(requirementOf(fromSg, 'jurisdiction').missing).toContain('positions may only be closed');
      const unknown = await eligibility(h, user.token, botId, null);
      expect(requirementOf(unknown, 'jurisdiction')).toMatchObject({ state: 'missing', details: { requestCountry: null, requestCountrySource: 'unknown' } });
      expect((await eligibility(h, user.token, botId, 'PT')).state).toBe('cooling_off');
    });

    test('an unlocked bot whose requirement lapses locks again and the user is told', async () => {
      const { user, botId } = await allBut(null, 'lapser');
      await eligibility(h, user.token, botId);
      h.clock.advance(24 * HOUR);
      expect((await eligibility(h, user.token, botId)).isUnlockedForLive).toBe(true);
      h.validCredentials.delete(user.userId);
      const e = await eligibility(h, user.token, botId);
      expect(e).toMatchObject({ state: 'locked', isUnlockedForLive: false, unlockedAt: null });
      expect(unmet(e)).toEqual(['cooling_off', 'credentials']);
      expect((await h.notificationsOf(user.userId)).map((n) => n.kind)).toEqual(expect.arrayContaining(['unlock.unlocked', 'unlock.lapsed']));
      const lapsed = (await auditRows(h)).filter((r) => r.subject_id === botId && r.action === 'bot.unlock.lapsed');
      expect(lapsed[0]?.details).toMatchObject({ unmet: ['credentials'] });
    });

    test('go-live on a bot that is not unlocked is refused with what is missing, and audited', async () => {
      const { user, botId } = await allBut('credentials', 'too-soon');
      await reauthenticate(h, user.token);
      const res = await call(h, user.token, 'POST', `/api/v1/bots/${botId}/go-live`);
      expect(res.status).toBe(409);
      expect(await errorOf(res)).toMatchObject({ code: 'not_unlocked', details: { unmet: ['cooling_off', 'credentials'] } });
      const refused = (await auditRows(h)).filter((r) => r.subject_id === botId && r.action === 'bot.go_live.refused');
      expect(refused[0]?.details).toMatchObject({ reason: 'not_unlocked' });
    });

    test('a new bot cannot be created live through POST /api/v1/bots (only go-live makes a live bot)', async () => {
      const user = await signUp(h, 'live-create');
      const res = await call(h, user.token, 'POST', '/api/v1/bots', { name: 'straight to live', type: 'live', markets: [{ conditionId: `0x${'c3'.repeat(32)}`, tokenIds: ['1111111111'] }], strategy: { kind: 'mean-reversion' } });
      expect(res.status).toBe(422);
      const bots = await ok<{ items: unknown[] }>(await call(h, user.token, 'GET', '/api/v1/bots'));
      expect(bots.items).toHaveLength(0);
    });

    describe('risk quiz', () => {
      test('the client never receives the answer key; wrong answers are named with their lesson', async () => {
        const user = await signUp(h, 'quiz-key');
        const text = await (await call(h, user.token, 'GET', '/api/v1/unlock/quiz')).text();
        expect(text).not.toContain('correctChoiceId');
        expect(text).not.toContain('lesson');
        expect(text).not.toContain('Every pUSD a live bot spends can be lost');
        const r = await ok<{ passed: boolean; score: number; wrong: Array<{ questionId: string; lesson: string }>; attemptsLeft: number }>(
          await call(h, user.token, 'POST', '/api/v1/unlock/quiz/attempts', { answers: { ...RIGHT_ANSWERS, q_fees: 'a', q_irreversibility: 'a' } }),
        );
        expect(r).toMatchObject({ passed: false, score: 3, attemptsLeft: 2 });
        expect(r.wrong.map((w) => w.questionId)).toEqual(['q_fees', 'q_irreversibility']);
        expect(JSON.stringify(r)).not.toContain('"d"');
      });

      test('three failures use the attempts up for a day; then the quiz opens again', async () => {
        const user = await signUp(h, 'quiz-limit');
        const wrong = { answers: { ...RIGHT_ANSWERS, q_slippage: 'b' } };
        const first = h.clock.now();
        for (let i = 0; i < 3; i += 1) {
          await ok(await call(h, user.token, 'POST', '/api/v1/unlock/quiz/attempts', wrong));
          h.clock.advance(10 * 60_000);
        }
        const refused = await call(h, user.token, 'POST', '/api/v1/unlock/quiz/attempts', { answers: RIGHT_ANSWERS });
        expect(refused.status).toBe(429);
        expect((await errorOf(refused)).details).toEqual({ reason: 'attempts_exhausted', nextAttemptAt: new Date(first.getTime() + 24 * HOUR).toISOString() });
        const shown = await ok<{ availability: unknown }>(await call(h, user.token, 'GET', '/api/v1/unlock/quiz'));
        expect(shown.availability).toEqual({ allowed: false, reason: 'attempts_exhausted', attemptsLeft: 0, nextAttemptAt: new Date(first.getTime() + 24 * HOUR).toISOString() });
        h.clock.set(first.getTime() + 24 * HOUR);
        expect((await ok<{ passed: boolean }>(await call(h, user.token, 'POST', '/api/v1/unlock/quiz/attempts', { answers: RIGHT_ANSWERS }))).passed).toBe(true);
        const again = await call(h, user.token, 'POST', '/api/v1/unlock/quiz/attempts', { answers: RIGHT_ANSWERS });
        expect((await errorOf(again)).code).toBe('quiz_already_passed');
        const attempts = (await auditRows(h)).filter((r) => r.actor_id === user.userId && r.action === 'unlock.quiz.attempted');
        expect(attempts.map((a) => a.details.outcome)).toEqual(['failed', 'failed', 'failed', 'passed']);
      });

      test('an answer to a question that is not in the quiz is refused with its path', async () => {
        const user = await signUp(h, 'quiz-bad');
        const res = await call(h, user.token, 'POST', '/api/v1/unlock/quiz/attempts', { answers: { q_made_up: 'a' } });
        expect(res.status).toBe(422);
        expect((await errorOf(res)).details).toMatchObject({ issues: [{ path: 'answers.q_made_up' }] });
      });
    });

    describe('acknowledgment', () => {
      test('only the exact sentence is accepted; it is stored with its time, once', async () => {
        const user = await signUp(h, 'ack');
        for (const text of ['i understand i may lose real money', 'I understand I may lose real money.', ' I understand I may lose real money', 'I understand  I may lose real money', 'I understand']) {
          const res = await call(h, user.token, 'POST', '/api/v1/unlock/acknowledgment', { text });
          expect({ text, status: res.status, code: (await errorOf(res)).code }).toEqual({ text, status: 422, code: 'acknowledgment_mismatch' });
        }
        const at = h.clock.now().toISOString();
        expect(await ok(await call(h, user.token, 'POST', '/api/v1/unlock/acknowledgment', { text: ACK }))).toEqual({ text: ACK, acknowledgedAt: at });
        h.clock.advance(HOUR);
        expect(await ok(await call(h, user.token, 'POST', '/api/v1/unlock/acknowledgment', { text: ACK }))).toEqual({ text: ACK, acknowledgedAt: at });
        const rows = (await auditRows(h)).filter((r) => r.actor_id === user.userId);
        expect(rows.filter((r) => r.action === 'unlock.acknowledgment.refused')).toHaveLength(5);
        expect(rows.filter((r) => r.action === 'unlock.acknowledged')).toHaveLength(2);
      });
    });

    describe('KYC (sandbox provider)', () => {
      test('unverified → pending → verified, with the time and the country; labelled as a sandbox', async () => {
        const user = await signUp(h, 'kyc-ok');
        expect(await ok(await call(h, user.token, 'GET', '/api/v1/kyc'))).toMatchObject({ status: 'unverified', provider: 'sandbox', sandbox: true });
        const started = await ok<{ sandbox: boolean; accessToken: string }>(await call(h, user.token, 'POST', '/api/v1/kyc/verification'));
        expect(started.sandbox).toBe(true);
        expect(started.accessToken).toStartWith('sandbox-not-an-identity-check-');
        expect(await ok(await call(h, user.token, 'GET', '/api/v1/kyc'))).toMatchObject({ status: 'pending' });
        await ok(await call(h, user.token, 'POST', '/api/v1/kyc/sandbox/review', { answer: 'GREEN', country: 'es' }));
        expect(await ok(await call(h, user.token, 'GET', '/api/v1/kyc'))).toEqual({ status: 'verified', provider: 'sandbox', sandbox: true, verifiedAt: h.clock.now().toISOString(), country: 'ES', reason: null });
        const again = await call(h, user.token, 'POST', '/api/v1/kyc/verification');
        expect((await errorOf(again)).code).toBe('kyc_concluded');
      });

      test('RED retry goes back to pending with the reason; RED final rejects and blocks', async () => {
        const user = await signUp(h, 'kyc-red');
        await ok(await call(h, user.token, 'POST', '/api/v1/kyc/verification'));
        await ok(await call(h, user.token, 'POST', '/api/v1/kyc/sandbox/review', { answer: 'RED', rejectType: 'RETRY', message: 'The photo is blurry.' }));
        expect(await ok(await call(h, user.token, 'GET', '/api/v1/kyc'))).toMatchObject({ status: 'pending', reason: 'The photo is blurry.', verifiedAt: null });
        await ok(await call(h, user.token, 'POST', '/api/v1/kyc/sandbox/review', { answer: 'RED', rejectType: 'FINAL' }));
        expect(await ok(await call(h, user.token, 'GET', '/api/v1/kyc'))).toMatchObject({ status: 'rejected' });
        const bot = await createBot(h, user.token);
        expect(requirementOf(await eligibility(h, user.token, bot.id), 'kyc').state).toBe('blocked');
        const changes = (await auditRows(h)).filter((r) => r.subject_id === user.userId && r.action === 'kyc.status.changed').map((r) => [r.details.from, r.details.to]);
        expect(changes).toEqual([
          ['pending', 'pending'],
          ['pending', 'rejected'],
        ]);
      });
    });
  });
}
