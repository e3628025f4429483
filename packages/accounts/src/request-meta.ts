/**
 * The API resolves the caller's IP once (socket address, or X-Forwarded-For only behind a trusted
 * proxy) and hands it to better-auth in this header, after removing any value the client sent.
 * better-auth reads only this header, so rate limits and session IPs follow the API's one rule.
 */
export const clientIpHeader = 'x-polymancer-client-ip';

export interface RequestMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export function metaFromHeaders(headers: Headers | undefined): RequestMeta {
  return {
    ip: headers?.get(clientIpHeader) ?? null,
    userAgent: headers?.get('user-agent') ?? null,
  };
}
