/**
 * The API describing itself: `GET /openapi/json` (the finished OpenAPI document, built once on first
 * request from every route registered), `GET /openapi` (an interactive reference over it), and `GET /`
 * (what this server is, with links).
 *
 * The reference is Swagger UI from the installed npm package `swagger-ui-dist` (pinned; the Elysia
 * OpenAPI plugin's other provider): its bundle and styles are served from this server under a versioned
 * path, with a small start-up script of ours, so the page renders offline and its policy lets only this
 * origin's scripts run (no inline script, nothing from a CDN).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Elysia, t, type AnyElysia } from 'elysia';
import { buildApiDocument, type DocumentInfo } from './document.ts';

const swaggerUi = createRequire(import.meta.url)('swagger-ui-dist') as { getAbsoluteFSPath(): string };
const swaggerUiDir = swaggerUi.getAbsoluteFSPath();
export const SWAGGER_UI_VERSION: string = (JSON.parse(readFileSync(join(swaggerUiDir, 'package.json'), 'utf8')) as { version: string }).version;
/** Versioned, so browsers may cache the assets for good: a new Swagger UI is a new path. */
const assets = `/openapi/swagger-ui-${SWAGGER_UI_VERSION}`;
/** A file of the package, cached for good by browsers (the path names the version). */
const asset =
  (file: string, type: string) =>
  ({ set }: { set: { headers: Record<string, string | number> } }) => {
    set.headers['content-type'] = type;
    set.headers['cache-control'] = 'public, max-age=31536000, immutable';
    return Bun.file(join(swaggerUiDir, file));
  };

/** Starts Swagger UI on the document; a file (not inline) so the page policy needs no inline script. */
const startScript = `window.ui = SwaggerUIBundle({ url: '/openapi/json', dom_id: '#reference', deepLinking: true, tryItOutEnabled: false });\n`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function referencePage(info: DocumentInfo): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(info.title)} ${escapeHtml(info.version)} — reference</title>
  <meta name="description" content="${escapeHtml(info.description)}">
  <link rel="stylesheet" href="${assets}/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="${assets}/swagger-ui-bundle.js"></script>
  <script src="/openapi/reference.js"></script>
</body>
</html>
`;
}

/** The reference page runs this origin's scripts and styles (Swagger UI sets inline style attributes); nothing loads from elsewhere. */
const referencePolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const hidden = { detail: { hide: true } } as const;

export function documentationRoutes(root: () => AnyElysia, info: DocumentInfo) {
  let document: Record<string, unknown> | undefined;
  const page = referencePage(info);
  return new Elysia({ name: 'routes.documentation' })
    .get(`${assets}/swagger-ui-bundle.js`, asset('swagger-ui-bundle.js', 'text/javascript; charset=utf-8'), hidden)
    .get(`${assets}/swagger-ui.css`, asset('swagger-ui.css', 'text/css; charset=utf-8'), hidden)
    .get('/openapi/json', () => (document ??= buildApiDocument(root(), info)), hidden)
    .get(
      '/openapi/reference.js',
      ({ set }) => {
        set.headers['content-type'] = 'text/javascript; charset=utf-8';
        return startScript;
      },
      hidden,
    )
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
