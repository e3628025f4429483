/** The SumSub adapter against a local server that speaks SumSub's protocol and checks our signatures. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ManualClock } from '@polymancer/core';
import type { KycProvider } from '@polymancer/unlock';
import { createSandboxKycProvider, createSumsubProvider, eventTime, SumsubHttpError } from '../src/index.ts';
import { signedPost, SumsubServer, type SumsubServerOptions } from './sumsub-server.ts';

const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
const options: SumsubServerOptions = { appToken: 'sbx:test-app-token', secretKey: 'test-secret-key', webhookSecret: 'test-webhook-secret', clock };

describe('SumSub adapter', () => {
  let sumsub: SumsubServer;
  let provider: KycProvider;
  // A receiver standing in for our webhook route: it answers what the adapter's verification says.
  let receiver: ReturnType<typeof Bun.serve>;
  const received: Array<{ status: number; kind?: string; review?: unknown; applicantId?: string; occurredAt?: string; digest?: string; refusal?: string }> = [];

  beforeAll(() => {
    sumsub = new SumsubServer(options).start();
    const config = { baseUrl: sumsub.url, appToken: options.appToken, secretKey: options.secretKey, webhookSecret: options.webhookSecret, levelName: 'basic kyc level', accessTokenTtlSecs: 600, clock };
    provider = createSumsubProvider(config);
    receiver = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: async (req) => {
        const v = provider.verifyWebhook(new Uint8Array(await req.arrayBuffer()), req.headers);
        if (!v.ok) {
          received.push({ status: 401, refusal: v.error.code });
          return new Response('refused', { status: 401 });
        }
        received.push({ status: 200, kind: v.value.kind, review: v.value.review, applicantId: v.value.applicantId, occurredAt: v.value.occurredAt.toISOString(), digest: v.value.digest });
        return new Response('ok');
      },
    });
    sumsub.setWebhookUrl(`http://127.0.0.1:${receiver.port}/webhook`);
  });
  afterAll(async () => {
    await sumsub.stop();
    await receiver.stop(true);
  });

  test('creates the applicant at the level (URL-encoded), then issues an SDK token; SumSub accepts our signatures', async () => {
    const session = await provider.startVerification({ userId: 'usr_alice', email: 'alice@example.com' }, clock.now());
    expect(session.applicantId).toMatch(/^[0-9a-f]{24}$/);
    expect(session.accessToken).toStartWith('_act-');
    expect(session.expiresAt).toEqual(new Date(clock.now().getTime() + 600_000));
    expect(sumsub.applicants.get(session.applicantId)).toMatchObject({ externalUserId: 'usr_alice', levelName: 'basic kyc level', email: 'alice@example.com' });
    expect(sumsub.requests.slice(-2)).toEqual([
      { method: 'POST', path: '/resources/applicants?levelName=basic%20kyc%20level', status: 200 },
      { method: 'POST', path: '/resources/accessTokens/sdk', status: 200 },
    ]);
  });

  test('starting again finds the existing applicant (SumSub answers 409) instead of failing', async () => {
    const first = sumsub.applicantOf('usr_alice');
    const again = await provider.startVerification({ userId: 'usr_alice', email: 'alice@example.com' }, clock.now());
    expect(again.applicantId).toBe(first?.id ?? '');
    expect(sumsub.requests.slice(-3).map((r) => r.status)).toEqual([409, 200, 200]);
    expect(sumsub.requests.at(-2)?.path).toBe('/resources/applicants/-;externalUserId=usr_alice/one');
  });

  test('a wrong secret key is refused by SumSub as a signature mismatch', async () => {
    const wrong = createSumsubProvider({ baseUrl: sumsub.url, appToken: options.appToken, secretKey: 'not-the-secret', webhookSecret: 'x', levelName: 'l', accessTokenTtlSecs: 60, clock });
    const err = await wrong.startVerification({ userId: 'usr_bob', email: 'b@example.com' }, clock.now()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SumsubHttpError);
    expect((err as SumsubHttpError).status).toBe(401);
    expect((err as Error).message).toContain('Request signature mismatch');
    expect((err as Error).message).not.toContain('not-the-secret');
  });

  test('a request timestamp far from SumSub’s clock is refused', async () => {
    const skewed = createSumsubProvider({ baseUrl: sumsub.url, appToken: options.appToken, secretKey: options.secretKey, webhookSecret: 'x', levelName: 'l', accessTokenTtlSecs: 60, clock: new ManualClock(clock.now().getTime() - 3_600_000) });
    const err = await skewed.applicantCountry('0123456789abcdef01234567').catch((e: unknown) => e);
    expect((err as SumsubHttpError).status).toBe(401);
  });

  test("reads the document's country and turns SumSub's alpha-3 into alpha-2", async () => {
    const a = sumsub.applicantOf('usr_alice');
    if (a === undefined) throw new Error('no applicant');
    expect(await provider.applicantCountry(a.id)).toBeNull();
    sumsub.setCountry(a.id, 'PRT');
    expect(await provider.applicantCountry(a.id)).toBe('PT');
  });

  test('a review concluded at SumSub arrives as a webhook whose digest verifies', async () => {
    const a = sumsub.applicantOf('usr_alice');
    if (a === undefined) throw new Error('no applicant');
    const res = await signedPost(sumsub, options, `/resources/applicants/${a.id}/status/testCompleted`, { reviewAnswer: 'RED', reviewRejectType: 'RETRY', rejectLabels: ['BAD_SELFIE'], moderationComment: 'Please take the selfie again in good light.', clientComment: 'internal note' });
    expect(res.status).toBe(200);
    expect(received.at(-1)).toMatchObject({
      status: 200,
      kind: 'reviewed',
      applicantId: a.id,
      review: { answer: 'RED', rejectType: 'RETRY', labels: ['BAD_SELFIE'], userMessage: 'Please take the selfie again in good light.' },
      occurredAt: clock.now().toISOString(),
    });
    expect(JSON.stringify(received.at(-1))).not.toContain('internal note');
  });

  test('every digest algorithm SumSub offers verifies; a forged, missing or tampered digest does not', async () => {
    const a = sumsub.applicantOf('usr_alice');
    if (a === undefined) throw new Error('no applicant');
    const payload = sumsub.reviewedPayload(a);
    for (const alg of ['HMAC_SHA1_HEX', 'HMAC_SHA256_HEX', 'HMAC_SHA512_HEX'] as const) {
      expect((await sumsub.deliver(payload, { alg })).status).toBe(200);
    }
    expect((await sumsub.deliver(payload, { forge: true })).status).toBe(401);
    expect(received.at(-1)?.refusal).toBe('bad_signature');
    expect((await sumsub.deliver(payload, { omitDigest: true })).status).toBe(401);
    expect(received.at(-1)?.refusal).toBe('missing_signature');
    const genuine = await sumsub.deliver(payload);
    const tampered = await sumsub.replay({ ...genuine, body: genuine.body.replace('"RED"', '"GREEN"') });
    expect(tampered.status).toBe(401);
  });

  test('the replay key is the same for the same bytes and differs otherwise', async () => {
    const a = sumsub.applicantOf('usr_alice');
    if (a === undefined) throw new Error('no applicant');
    const d = await sumsub.deliver(sumsub.reviewedPayload(a));
    const first = received.at(-1)?.digest;
    await sumsub.replay(d);
    expect(received.at(-1)?.digest).toBe(first ?? '');
    await sumsub.deliver(sumsub.reviewedPayload(a));
    expect(received.at(-1)?.digest).not.toBe(first ?? '');
  });

  test("SumSub's event times parse in both forms", () => {
    expect(eventTime({ applicantId: 'a', type: 't', createdAtMs: '2020-02-21 13:23:19.321' })).toEqual(new Date('2020-02-21T13:23:19.321Z'));
    expect(eventTime({ applicantId: 'a', type: 't', createdAtMs: 1_582_291_399_321 })).toEqual(new Date(1_582_291_399_321));
    expect(eventTime({ applicantId: 'a', type: 't', createdAt: '2020-02-21 13:23:19+0000' })).toEqual(new Date('2020-02-21T13:23:19Z'));
    expect(eventTime({ applicantId: 'a', type: 't' })).toBeNull();
  });
});

describe('sandbox KYC provider', () => {
  test('is labelled as a sandbox and refuses to exist where real money is traded', async () => {
    expect(() => createSandboxKycProvider({ realMoney: true })).toThrow(/refused where real money is traded/);
    const p = createSandboxKycProvider({ realMoney: false });
    expect(p.sandbox).toBe(true);
    const s = await p.startVerification({ userId: 'usr_x', email: 'x@example.com' }, clock.now());
    expect(s.accessToken).toStartWith('sandbox-not-an-identity-check-');
    expect(s.applicantId).toStartWith('sbx_');
    expect(p.verifyWebhook(new Uint8Array(), new Headers({ 'x-payload-digest': 'aa' }))).toEqual({ ok: false, error: { code: 'not_configured' } });
  });
});
