import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import { auditMeta } from '../../auth/request-meta.ts';
import type { ApiDeps } from '../../deps.ts';
import { credentialDetail, credentialJson, credentialSchema, importBodySchema, warningJson, warningSchema } from './credential-schema.ts';

const refusals =
  'Nothing is stored unless every step passes. 422 `credential_wallet_invalid` (wallet type and addresses), `private_key_invalid`, ' +
  '`api_credentials_rejected` (Polymarket refused key/secret/passphrase for the signer), `api_key_address_mismatch` (the key belongs to another address than the signer), ' +
  '`signer_mismatch` (the private key does not sign as the signer); 503 `exchange_unavailable`; 409 `conflict` when credentials already exist (rotate instead).';

/** Import: validate (steps 1–4) and store encrypted (step 5). */
export function postCredential(deps: Pick<ApiDeps, 'auth' | 'clock' | 'credentials'>) {
  return new Elysia({ name: 'routes.credentials.import', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/credentials',
    async ({ session, body, request, set }) => {
      const outcome = await deps.credentials.importCredential(session.user.id, body, auditMeta(request));
      set.status = 201;
      return { credential: credentialJson(outcome.credential), warnings: outcome.warnings.map(warningJson) };
    },
    {
      signedIn: true,
      body: importBodySchema,
      detail: credentialDetail('Import Polymarket credentials (validated, then encrypted at rest)', refusals),
      response: { 201: t.Object({ credential: credentialSchema, warnings: t.Array(warningSchema) }) },
    },
  );
}

/** Manual rotation: import new credentials, validate, swap atomically; the old key is revoked after the overlap. */
export function postRotateCredential(deps: Pick<ApiDeps, 'auth' | 'clock' | 'credentials'>) {
  return new Elysia({ name: 'routes.credentials.rotate', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/credentials/rotate',
    async ({ session, body, request }) => {
      const outcome = await deps.credentials.rotate(session.user.id, body, auditMeta(request));
      return { credential: credentialJson(outcome.credential), replaced: outcome.replaced, warnings: outcome.warnings.map(warningJson) };
    },
    {
      freshAuth: true,
      body: importBodySchema,
      detail: credentialDetail(
        'Rotate credentials (fresh session required)',
        `The new credentials are validated like an import, then become active; the old ones are deprecated and stay usable for 7 days (orders placed with them can still be managed), then their API key is revoked at Polymarket and the row deleted. 409 \`no_active_credential\` when there is nothing to rotate. ${refusals.replace(/; 409 `conflict`.*$/, '.')}`,
      ),
      response: { 200: t.Object({ credential: credentialSchema, replaced: t.Union([t.String(), t.Null()]), warnings: t.Array(warningSchema) }) },
    },
  );
}
