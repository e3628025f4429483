import type { CredentialView, WalletWarning } from '@polymancer/credentials';
import { t } from 'elysia';

const address = t.String({ pattern: '^0x[0-9a-fA-F]{40}$', description: '0x and 40 hex digits.' });

/** The import / rotation body. Secrets are only ever received, never returned (except the one-time export). */
export const importBodySchema = t.Object(
  {
    walletType: t.Union([t.Literal(0), t.Literal(1), t.Literal(2), t.Literal(3)], {
      description: 'Polymarket signature type: 0 EOA, 1 proxy (email/Magic), 2 Safe (browser wallet), 3 deposit wallet (every account since 2026-05-04).',
    }),
    signerAddress: t.Optional({ ...address, description: 'The address that signs orders; default: the private key’s address.' }),
    funderAddress: t.Optional({ ...address, description: 'The wallet that holds pUSD (your Polymarket wallet address). Required for types 1–3; for 0 it is the signer.' }),
    apiKey: t.String({ minLength: 1, maxLength: 200 }),
    apiSecret: t.String({ minLength: 1, maxLength: 400 }),
    apiPassphrase: t.String({ minLength: 1, maxLength: 400 }),
    privateKey: t.String({ minLength: 64, maxLength: 66, description: 'The signer’s private key, hex (encrypted at rest; never shown again except through the delayed export).' }),
  },
  { additionalProperties: false },
);

export const credentialSchema = t.Object({
  id: t.String({ description: 'crd_…' }),
  walletType: t.Integer(),
  walletTypeName: t.String(),
  signerAddress: t.String(),
  funderAddress: t.String(),
  status: t.Union([t.Literal('active'), t.Literal('deprecated')], { description: '`deprecated`: replaced by a rotation; revoked at Polymarket when `overlapEndsAt` passes.' }),
  validationStatus: t.Union([t.Literal('valid'), t.Literal('invalid')]),
  validationReason: t.Union([t.String(), t.Null()]),
  createdAt: t.String({ format: 'date-time' }),
  ageDays: t.Integer(),
  validatedAt: t.String({ format: 'date-time' }),
  overlapEndsAt: t.Union([t.String({ format: 'date-time' }), t.Null()]),
  rotationDueAt: t.String({ format: 'date-time' }),
});

export const warningSchema = t.Object({
  code: t.String({ description: '`pusd_low`, `usdce_unwrapped`, `approval_missing`, `gas_low`.' }),
  message: t.String({ description: 'What is wrong and what to do.' }),
  details: t.Optional(t.Record(t.String(), t.String())),
});

export const credentialIdParams = t.Object({ id: t.String({ minLength: 1, maxLength: 64 }) });

export function credentialJson(v: CredentialView) {
  return {
    ...v,
    createdAt: v.createdAt.toISOString(),
    validatedAt: v.validatedAt.toISOString(),
    overlapEndsAt: v.overlapEndsAt?.toISOString() ?? null,
    rotationDueAt: v.rotationDueAt.toISOString(),
  };
}

export function warningJson(w: WalletWarning) {
  return { code: w.code, message: w.message, ...(w.details === undefined ? {} : { details: { ...w.details } }) };
}

export function credentialDetail(summary: string, description = '') {
  return {
    summary,
    tags: ['credentials'],
    security: [{ bearer: [] }, { cookie: [] }],
    description: `${description} Another user's credential answers 404. No response ever contains secret material (except the one-time export).`.trim(),
  };
}
