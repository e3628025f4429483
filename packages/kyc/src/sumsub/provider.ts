/**
 * The SumSub adapter of the unlock service's `KycProvider` port: creates the user's applicant at
 * the configured level (our user id as `externalUserId`; an existing applicant is looked up
 * instead), issues a Mobile SDK access token, verifies review webhooks, and reads the applicant's
 * document country. Every request is signed (see `sign.ts`).
 */
import { InfrastructureError } from '@polymancer/core';
import type { KycProvider, KycSession } from '@polymancer/unlock';
import type { SumsubConfig } from './config.ts';
import { SumsubHttpError, sumsubRequest } from './http.ts';
import { applicantCountry, webhookEvent } from './parse.ts';
import { verifyPayloadDigest } from './webhook.ts';
import { accessTokenWire, applicantWire, webhookWire } from './wire.ts';

function parsed<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new InfrastructureError(`SumSub sent an unexpected ${what}`);
  return r.data;
}

export function createSumsubProvider(cfg: SumsubConfig): KycProvider {
  const applicantByUser = async (userId: string) =>
    parsed(applicantWire, await sumsubRequest(cfg, 'GET', `/resources/applicants/-;externalUserId=${encodeURIComponent(userId)}/one`), 'applicant');

  return {
    name: 'sumsub',
    sandbox: false,

    async startVerification(user): Promise<KycSession> {
      let applicantId: string;
      try {
        const created = await sumsubRequest(cfg, 'POST', `/resources/applicants?levelName=${encodeURIComponent(cfg.levelName)}`, { externalUserId: user.userId, email: user.email });
        applicantId = parsed(applicantWire, created, 'applicant').id;
      } catch (e) {
        // 409: this user already has an applicant (an earlier start): use it.
        if (!(e instanceof SumsubHttpError) || e.status !== 409) throw e;
        applicantId = (await applicantByUser(user.userId)).id;
      }
      const token = parsed(
        accessTokenWire,
        await sumsubRequest(cfg, 'POST', '/resources/accessTokens/sdk', { userId: user.userId, levelName: cfg.levelName, ttlInSecs: cfg.accessTokenTtlSecs }),
        'access token',
      );
      return { applicantId, accessToken: token.token, expiresAt: new Date(cfg.clock.now().getTime() + cfg.accessTokenTtlSecs * 1000), levelName: cfg.levelName };
    },

    verifyWebhook(rawBody, headers) {
      const v = verifyPayloadDigest(rawBody, headers, cfg.webhookSecret);
      if (!v.ok) return v;
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(rawBody));
      } catch {
        return { ok: false, error: { code: 'malformed_payload' } };
      }
      const w = webhookWire.safeParse(json);
      if (!w.success) return { ok: false, error: { code: 'malformed_payload' } };
      return { ok: true, value: webhookEvent(w.data, v.bodyHash, cfg.clock.now()) };
    },

    async applicantCountry(applicantId) {
      const a = parsed(applicantWire, await sumsubRequest(cfg, 'GET', `/resources/applicants/${encodeURIComponent(applicantId)}/one`), 'applicant');
      return applicantCountry(a);
    },
  };
}
