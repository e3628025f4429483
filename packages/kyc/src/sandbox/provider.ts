/**
 * The SANDBOX KYC provider: for the embedded default and demos, so a user on a laptop can walk the
 * whole unlock path. It verifies nobody — the user concludes their own "review" through
 * `POST /api/v1/kyc/sandbox/review` — so every answer says `sandbox: true`, its tokens say so, and
 * it refuses to exist where real money is traded (configuration refuses it too).
 */
import { ConfigError, newId } from '@polymancer/core';
import type { KycProvider } from '@polymancer/unlock';

export const SANDBOX_TOKEN_PREFIX = 'sandbox-not-an-identity-check-';

export function createSandboxKycProvider(options: { readonly realMoney: boolean }): KycProvider {
  if (options.realMoney) throw new ConfigError('The sandbox KYC provider is a demo and is refused where real money is traded');
  return {
    name: 'sandbox',
    sandbox: true,
    async startVerification(_user, now) {
      return { applicantId: newId('sandboxApplicant'), accessToken: `${SANDBOX_TOKEN_PREFIX}${newId('sandboxApplicant').slice(4)}`, expiresAt: new Date(now.getTime() + 3_600_000), levelName: 'sandbox' };
    },
    verifyWebhook() {
      // The sandbox has no provider to call back: its reviews come from the user, never from a webhook.
      return { ok: false, error: { code: 'not_configured' } };
    },
    async applicantCountry() {
      return null;
    },
  };
}
