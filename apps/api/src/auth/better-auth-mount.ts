/**
 * better-auth's own routes (`/api/auth/*`: sign-up, sign-in, sign-out, sessions, two-factor) served
 * inside the Elysia app, so they get the same request ids, security headers, CORS and logs. The
 * body is passed through untouched; the client IP is resolved by the API's rule and handed over
 * in a header better-auth is configured to trust (any client-sent value is dropped first).
 */
import { clientIpHeader, type Auth } from '@polymancer/accounts';
import type { Config } from '@polymancer/config';
import { Elysia } from 'elysia';
import { clientIp } from '../http/client-ip.ts';
import { reshapeAuthError } from './better-auth-errors.ts';

export function betterAuthRoutes(deps: { auth: Auth; config: Config }) {
  return new Elysia({ name: 'routes.better-auth', seed: deps.auth }).all(
    `${deps.auth.basePath}/*`,
    async ({ request, server, set }) => {
      const headers = new Headers(request.headers);
      headers.delete(clientIpHeader);
      const ip = clientIp(request, server?.requestIP(request)?.address, deps.config.trustProxy);
      if (ip !== null) headers.set(clientIpHeader, ip);
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const forwarded = new Request(request.url, {
        method: request.method,
        headers,
        ...(hasBody ? { body: await request.arrayBuffer() } : {}),
      });
      const response = await deps.auth.handler(forwarded);
      const requestId = String(set.headers['x-request-id'] ?? 'req_unknown');
      return reshapeAuthError(response, requestId);
    },
    { parse: 'none', detail: { hide: true } },
  );
}
