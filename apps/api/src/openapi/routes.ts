/**
 * The API describing itself: `GET /openapi/json` (the finished OpenAPI document, built once on first
 * request from every route registered), `GET /openapi` (an interactive reference: the Elysia OpenAPI
 * plugin's Scalar page reading /openapi/json), and `GET /` (what this server is, with links).
 *
 * Known limitation: the reference page loads Scalar's browser bundle from jsDelivr (pinned version,
 * allowed by this page's own Content-Security-Policy); the document itself is served locally, so
 * /openapi/json works offline even where the page cannot render.
 */
import { ScalarRender } from '@elysiajs/openapi/scalar';
import { Elysia, t, type AnyElysia } from 'elysia';
import { buildApiDocument, type DocumentInfo } from './document.ts';

export const SCALAR_VERSION = '1.76.0';
const scalarScript = `https://cdn.jsdelivr.net/npm/@scalar/api-reference@${SCALAR_VERSION}/dist/browser/standalone.min.js`;

/** The reference page runs Scalar's script and styles; everything else keeps the API's deny-all policy. */
const referencePolicy = [
  "default-src 'none'",
  'script-src https://cdn.jsdelivr.net',
  "style-src 'unsafe-inline' https://cdn.jsdelivr.net",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const hidden = { detail: { hide: true } } as const;

export function documentationRoutes(root: () => AnyElysia, info: DocumentInfo) {
  let document: Record<string, unknown> | undefined;
  const page = ScalarRender({ title: info.title, version: info.version, description: info.description }, {
    url: '/openapi/json',
    cdn: scalarScript,
    withDefaultFonts: false,
    hideClientButton: true,
  } as never);
  return new Elysia({ name: 'routes.documentation' })
    .get('/openapi/json', () => (document ??= buildApiDocument(root(), info)), hidden)
    .get(
      '/openapi',
      ({ set }) => {
        set.headers['content-type'] = 'text/html; charset=utf-8';
        set.headers['content-security-policy'] = referencePolicy;
        return page;
      },
      hidden,
    )
    .get(
      '/',
      () => ({
        name: info.title,
        version: info.version,
        description: info.description,
        links: {
          reference: '/openapi',
          openapi: '/openapi/json',
          health: '/healthz',
          readiness: '/readyz',
          signUp: '/api/auth/sign-up/email',
          signIn: '/api/auth/sign-in/email',
          markets: '/api/v1/markets',
          bots: '/api/v1/bots',
        },
      }),
      {
        detail: {
          summary: 'What this server is, with links',
          description: 'A JSON index of the API: its name and version, and links to the interactive reference (`/openapi`), the OpenAPI document, health checks and the main resources.',
          tags: ['operations'],
          security: [],
        },
        response: {
          200: t.Object({
            name: t.String(),
            version: t.String(),
            description: t.String(),
            links: t.Record(t.String(), t.String(), { description: 'Relative URLs of the reference, the document and the main resources.' }),
          }),
        },
      },
    );
}
