import { Elysia } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { postExportCancel, postExportComplete, postExportRequest } from './export.ts';
import { postCredential, postRotateCredential } from './import.ts';
import { deleteCredential, listCredentials, postValidateCredential } from './manage.ts';

/** The credential vault: import, list, re-validate, rotate, delete, delayed export. */
export function credentialRoutes(deps: Pick<ApiDeps, 'auth' | 'clock' | 'credentials'>) {
  return new Elysia({ name: 'routes.credentials', seed: deps.auth })
    .use(postExportRequest(deps))
    .use(postExportComplete(deps))
    .use(postExportCancel(deps))
    .use(postCredential(deps))
    .use(postRotateCredential(deps))
    .use(listCredentials(deps))
    .use(deleteCredential(deps))
    .use(postValidateCredential(deps));
}
