import type { ExportRequestRecord } from '@polymancer/credentials';
import { Elysia, t } from 'elysia';
import { authGuard } from '../../auth/guard.ts';
import { auditMeta } from '../../auth/request-meta.ts';
import type { ApiDeps } from '../../deps.ts';
import { credentialDetail } from './credential-schema.ts';

const exportRequestSchema = t.Object({
  id: t.String({ description: 'exr_…' }),
  credentialId: t.String(),
  status: t.Union([t.Literal('pending'), t.Literal('completed'), t.Literal('cancelled')]),
  requestedAt: t.String({ format: 'date-time' }),
  completableAt: t.String({ format: 'date-time', description: '24 hours after the request.' }),
});

function exportRequestJson(r: ExportRequestRecord) {
  return { id: r.id, credentialId: r.credentialId, status: r.status, requestedAt: r.requestedAt.toISOString(), completableAt: r.completableAt.toISOString() };
}

/** Request an export: fresh authentication (and MFA when enrolled); completable 24 h later; emailed. */
export function postExportRequest(deps: Pick<ApiDeps, 'auth' | 'clock' | 'credentials'>) {
  return new Elysia({ name: 'routes.credentials.export.request', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/credentials/export/request',
    async ({ session, request, set }) => {
      const record = await deps.credentials.exports.request(session.user.id, auditMeta(request));
      set.status = 201;
      return exportRequestJson(record);
    },
    {
      freshAuth: true,
      detail: credentialDetail(
        'Request a key export (fresh session + MFA if enrolled)',
        'Creates a request that can be completed 24 hours later, and emails you. 401 `fresh_auth_required`; 409 `export_refused` while another request is pending or within 30 days of a completed export (`details.retryAfter`); 409 `no_active_credential`.',
      ),
      response: { 201: exportRequestSchema },
    },
  );
}

/** Complete an export after its delay: the plaintext, once. */
export function postExportComplete(deps: Pick<ApiDeps, 'auth' | 'clock' | 'credentials'>) {
  return new Elysia({ name: 'routes.credentials.export.complete', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/credentials/export/complete',
    async ({ session, request, set }) => {
      const { request: done, credential } = await deps.credentials.exports.complete(session.user.id, auditMeta(request));
      set.headers['cache-control'] = 'no-store';
      return { request: exportRequestJson(done), credential };
    },
    {
      freshAuth: true,
      detail: credentialDetail(
        'Complete a key export (fresh session + MFA if enrolled)',
        'Returns the API key, secret, passphrase and private key in the clear — once: the request is marked used before they are read. Emails you. 409 `export_not_ready` before 24 hours (`details.completableAt`); 404 `not_found` without a pending request.',
      ),
      response: {
        200: t.Object({
          request: exportRequestSchema,
          credential: t.Object({
            credentialId: t.String(),
            walletType: t.Integer(),
            walletTypeName: t.String(),
            signerAddress: t.String(),
            funderAddress: t.String(),
            apiKey: t.String(),
            apiSecret: t.String(),
            apiPassphrase: t.String(),
            privateKey: t.String(),
          }),
        }),
      },
    },
  );
}

/** Cancel the pending export (no fresh session needed: cancelling is always safe). */
export function postExportCancel(deps: Pick<ApiDeps, 'auth' | 'clock' | 'credentials'>) {
  return new Elysia({ name: 'routes.credentials.export.cancel', seed: deps.auth }).use(authGuard(deps)).post(
    '/api/v1/credentials/export/cancel',
    async ({ session, request }) => exportRequestJson(await deps.credentials.exports.cancel(session.user.id, auditMeta(request))),
    {
      signedIn: true,
      detail: credentialDetail('Cancel the pending key export', '404 `not_found` without a pending request. Emails you.'),
      response: { 200: exportRequestSchema },
    },
  );
}
