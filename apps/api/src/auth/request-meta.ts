import type { RequestMeta } from '@polymancer/accounts';
import { clientIp } from '../http/client-ip.ts';

type ServerLike = { requestIP(request: Request): { address: string } | null } | null | undefined;

/** IP and user agent for the audit trail, by the API's one rule for client IPs. */
export function auditMeta(request: Request, server: ServerLike, trustProxy: boolean): RequestMeta {
  return {
    ip: clientIp(request, server?.requestIP(request)?.address, trustProxy),
    userAgent: request.headers.get('user-agent'),
  };
}
