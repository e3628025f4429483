/**
 * The API's OpenAPI 3.1 document, generated from the routes' schemas by @elysiajs/openapi and then
 * finished here so it is a valid document a client generator can trust:
 * - the `bearer` (session token from `set-auth-token`), `cookie` (better-auth session cookie) and
 *   `metricsToken` security schemes the operations name are defined;
 * - request bodies are `application/json` only (what `http/cross-site-writes.ts` accepts);
 * - a response without a body (`204`) declares no content (Elysia emits an invalid `void` type);
 * - every operation answers the error shape for 4XX/5XX (`components.schemas.Error`);
 * - every JSON request body, JSON response and path parameter carries an example (the route's own,
 *   else one built from its schema by `examples.ts`).
 * Operation descriptions are the routes' own (`detail.description`); a test requires one on each.
 */
import { toOpenAPISchema } from '@elysiajs/openapi';
import type { AnyElysia } from 'elysia';
import { exampleFor } from './examples.ts';

export const SESSION_COOKIE = 'polymancer.session_token';

type Json = Record<string, unknown>;

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code (e.g. `validation_failed`, `unauthenticated`, `not_found`).' },
        message: { type: 'string', description: 'Short human-readable explanation.' },
        details: { type: 'object', additionalProperties: true, description: 'Structured facts, e.g. `issues: [{ path, message }]` for `validation_failed`.' },
        requestId: { type: 'string', description: 'Also in the `x-request-id` header; quote it when reporting a problem.' },
      },
    },
  },
  example: { error: { code: 'validation_failed', message: 'The request body is invalid', details: { in: 'body', issues: [{ path: 'name', message: 'Expected string' }] }, requestId: 'req_0123456789abcdefghjk' } },
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

const paramExamples: Record<string, string> = { id: 'bot_0123456789abcdefghjk', conditionId: `0x${'c3'.repeat(32)}` };

function finishOperation(op: Json, components: Json): void {
  const body = op.requestBody as Json | undefined;
  if (body?.content !== undefined) {
    const content = body.content as Record<string, Json>;
    const json = content['application/json'];
    body.content = json === undefined ? {} : { 'application/json': json };
  }
  const responses = (op.responses ?? {}) as Record<string, Json>;
  for (const response of Object.values(responses)) {
    const content = response.content as Json | undefined;
    if (content !== undefined && typeof content.type === 'string') delete response.content;
  }
  responses['4XX'] ??= errorResponse('The request was refused: `{ error: { code, message, details?, requestId } }`.');
  responses['5XX'] ??= errorResponse('Something failed on our side (logged; retry later).');
  op.responses = responses;

  for (const media of [...Object.values((body?.content ?? {}) as Record<string, Json>), ...Object.values(responses).flatMap((r) => Object.values((r.content ?? {}) as Record<string, Json>))]) {
    if (media.example === undefined && media.examples === undefined && media.schema !== undefined) media.example = exampleFor(media.schema, components);
  }
  for (const parameter of (op.parameters ?? []) as Json[]) {
    if (parameter.example !== undefined || parameter.in !== 'path') continue;
    parameter.example = paramExamples[String(parameter.name)] ?? exampleFor(parameter.schema, components);
  }
}

export interface DocumentInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
}

export function buildApiDocument(app: AnyElysia, info: DocumentInfo): Json {
  const generated = toOpenAPISchema(app, undefined, undefined, undefined, '3.1.2');
  const schemas = { ...(generated.components.schemas as Json), Error: errorSchema };
  const paths = generated.paths as Record<string, Record<string, Json>>;
  for (const operations of Object.values(paths)) {
    for (const [method, op] of Object.entries(operations)) if (method !== 'parameters') finishOperation(op, schemas);
  }
  return {
    openapi: '3.1.2',
    info,
    tags: [
      { name: 'operations', description: 'Health, readiness and metrics.' },
      { name: 'auth', description: 'Accounts and sessions (better-auth): sign-up, sign-in, TOTP.' },
      { name: 'accounts', description: 'The signed-in user and session freshness.' },
      { name: 'markets', description: 'Markets of the configured venue: find a condition id and its outcome tokens.' },
      { name: 'bots', description: 'Paper bots, their trades, positions, P&L and decisions.' },
      { name: 'unlock', description: 'The path from paper to live: eligibility, KYC, risk quiz, acknowledgment, go-live.' },
      { name: 'notifications', description: 'In-app notifications.' },
      { name: 'operator', description: 'Operator-only actions (role-gated, fresh session).' },
      { name: 'webhooks', description: 'Provider callbacks, authenticated by signature, not by session.' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The session token answered in the `set-auth-token` header of sign-in/sign-up: `Authorization: Bearer <token>`. Apps and scripts use this.' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, for GET /metrics only.' },
        cookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The session cookie a browser receives at sign-in. Writes with it need an allowed `Origin` and a JSON body (cross-site request forgery defence).',
        },
      },
    },
  };
}
