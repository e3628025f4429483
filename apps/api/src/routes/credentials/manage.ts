import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import { auditMeta } from '../../auth/request-meta.ts';
import type { ApiDeps } from '../../deps.ts';
import { credentialDetail, credentialIdParams, credentialJson, credentialSchema, warningJson, warningSchema } from './credential-schema.ts';

/** The caller's credentials: metadata only. */
export function listCredentials(deps: Pick<ApiDeps, 'auth' | 'clock' | 'credentials'>) {
  return new Elysia({ name: 'routes.credentials.list', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/credentials',
    async ({ session }) => ({ items: (await deps.credentials.list(session.user.id)).map(credentialJson) }),
    {
      signedIn: true,
      detail: credentialDetail('List credentials (wallet type, addresses, status, age, last validation — never secrets)'),
      response: { 200: t.Object({ items: t.Array(credentialSchema) }) },
    },
  );
}

export function deleteCredential(deps: Pick<ApiDeps, 'auth' | 'clock' | 'credentials'>) {
  return new Elysia({ name: 'routes.credentials.delete', seed: deps.auth }).use(authGuard(deps)).delete(
    '/api/v1/credentials/:id',
    async ({ session, params, request }) => {
      const outcome = await deps.credentials.remove(session.user.id, params.id, auditMeta(request));
      return { deleted: params.id, pausedBots: [...outcome.pausedBots] };
    },
    {
      signedIn: true,
      params: credentialIdParams,
      detail: credentialDetail('Delete a credential', 'Deleting the active credential pauses the caller’s live bots.'),
      response: { 200: t.Object({ deleted: t.String(), pausedBots: t.Array(t.String()) }) },
    },
  );
}

export function postValidateCredential(deps: Pick<ApiDeps, 'auth' | 'clock' | 'credentials'>) {
  return new Elysia({ name: 'routes.credentials.validate', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/credentials/:id/validate',
    async ({ session, params, request }) => {
      const outcome = await deps.credentials.revalidate(session.user.id, params.id, auditMeta(request));
      return { credential: credentialJson(outcome.credential), warnings: outcome.warnings.map(warningJson), pausedBots: [...outcome.pausedBots] };
    },
    {
      signedIn: true,
      params: credentialIdParams,
      detail: credentialDetail(
        'Re-validate a credential now',
        'Runs the import checks again on the stored credential. If they fail it is marked invalid (the reason is in `validationReason`) and the live bots pause; 503 `exchange_unavailable` changes nothing.',
      ),
      response: { 200: t.Object({ credential: credentialSchema, warnings: t.Array(warningSchema), pausedBots: t.Array(t.String()) }) },
    },
  );
}
