export { createSumsubProvider } from './sumsub/provider.ts';
export type { SumsubConfig } from './sumsub/config.ts';
export { sumsubSignature, sumsubAuthHeaders } from './sumsub/sign.ts';
export { payloadDigest, verifyPayloadDigest } from './sumsub/webhook.ts';
export { applicantCountry, alpha2, eventTime, webhookEvent } from './sumsub/parse.ts';
export { SumsubHttpError } from './sumsub/http.ts';
export { createSandboxKycProvider, SANDBOX_TOKEN_PREFIX } from './sandbox/provider.ts';
