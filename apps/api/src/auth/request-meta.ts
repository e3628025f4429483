import type { RequestMeta } from '@polymancer/accounts';
import { metaOf } from '../http/request-context.ts';

/** IP and user agent for the audit trail: the values resolved when the request arrived. */
export function auditMeta(request: Request): RequestMeta {
  const meta = metaOf(request);
  return { ip: meta.ip, userAgent: meta.userAgent };
}
