/**
 * Property-based fuzzing of EVERY operation in `/openapi/json` (issue 15): generated path ids, query
 * strings and JSON bodies — mostly fitting the schema, so requests reach the services and the
 * database, mixed with hostile values (NUL, lone surrogates, out-of-range dates and numbers, crafted
 * cursors, wrong types) — sent with no session, with a bearer token, and with a browser cookie.
 * No answer may be a 5xx (except one the operation documents: /readyz's 503), and every refusal
 * must have the error shape. Fixed seed, bounded budget
 * (RUNS_PER_OPERATION per operation and engine), so a failure reproduces and CI stays fast;
 * FUZZ_RUNS=n raises the budget for a longer local hunt.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { arbitraryFor, hostileString, hostileValue, percentEncode } from '../../../test/fuzz/schema-arbitrary.ts';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { browserSession, signUp } from './accounts-helpers.ts';
import { createBot } from './bots-helpers.ts';
import { startTestVenue, type TestVenue } from './markets-helpers.ts';

const SEED = 15;
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 20);

type Json = Record<string, any>;
interface Operation {
  readonly method: string;
  readonly path: string;
  readonly op: Json;
}
interface Identity {
  readonly userId: string;
  readonly token: string;
  readonly botId: string;
  readonly conditionId: string;
}
interface Generated {
  readonly auth: 'none' | 'bearer' | 'cookie';
  readonly pathValues: readonly string[];
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly body: { readonly value: unknown } | undefined;
}

function operationsOf(doc: Json): Operation[] {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op: op as Json })),
  );
}

function destructive(operation: Operation): boolean {
  return operation.method === 'DELETE' || /sign-out|change-password|two-factor|revoke|rotate/.test(operation.path);
}

function asQueryText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

function generatorFor(operation: Operation, schemas: Json, known: () => Identity): fc.Arbitrary<Generated> {
  const parameters = (operation.op.parameters ?? []) as Json[];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const knownId = fc
    .constantFrom<'bot' | 'user' | 'market' | 'none'>('bot', 'user', 'market', 'none')
    .map((kind) => (kind === 'bot' ? known().botId : kind === 'user' ? known().userId : kind === 'market' ? known().conditionId : 'bot_00000000000000000000'));
  const pathValue = fc.oneof({ weight: 3, arbitrary: knownId }, { weight: 2, arbitrary: hostileString.filter((s) => s.length > 0) });
  const queryEntries = queryParams.map((p) =>
    fc.option(arbitraryFor(p.schema, schemas).map((v) => [String(p.name), asQueryText(v)] as const), { nil: undefined }),
  );
  const extraQuery = fc.option(fc.tuple(hostileString, hostileString), { nil: undefined });
  const schema = operation.op.requestBody?.content?.['application/json']?.schema;
  const body =
    operation.method === 'GET'
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 4, arbitrary: (schema === undefined ? fc.constant({}) : arbitraryFor(schema, schemas)).map((value) => ({ value })) },
          { weight: 1, arbitrary: hostileValue.map((value) => ({ value })) },
        );
  return fc.record({
    auth: fc.constantFrom<'none' | 'bearer' | 'cookie'>('none', 'bearer', 'bearer', 'cookie'),
    pathValues: fc.tuple(...pathParams.map(() => pathValue)),
    query: fc.tuple(...queryEntries, extraQuery).map((entries) => entries.filter((e): e is readonly [string, string] => e !== undefined)),
    body,
  });
}

function requestFor(operation: Operation, g: Generated, identity: Identity): { url: string; init: RequestInit } {
  let i = 0;
  const path = operation.path.replace(/\{[^}]+\}/g, () => percentEncode(g.pathValues[i++] ?? 'x'));
  const query = g.query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  const headers: Record<string, string> = {};
  if (g.auth === 'bearer') headers.authorization = `Bearer ${identity.token}`;
  if (g.auth === 'cookie') Object.assign(headers, { cookie: browserSession.cookie(identity.token), origin: browserSession.trustedOrigin });
  let body: string | undefined;
  if (g.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(g.body.value) ?? 'null';
  }
  return { url: query === '' ? path : `${path}?${query}`, init: { method: operation.method, headers, ...(body === undefined ? {} : { body }) } };
}

for (const engine of testEngines()) {
  describe(`fuzzing every operation of /openapi/json on ${engine}`, () => {
    let h: ApiHarness;
    let venue: TestVenue;
    let doc: Json;
    let serial = 0;
    beforeAll(async () => {
      venue = await startTestVenue();
      h = await createApiHarness(engine, {}, { marketDirectory: venue.directory });
      doc = (await (await h.request('/openapi/json')).json()) as Json;
    }, 60_000);
    afterAll(async () => {
      await h.dispose();
      await venue.stop();
    }, 60_000);

    test('no generated request is answered with a 5xx, and every refusal has the error shape', async () => {
      const operations = operationsOf(doc);
      expect(operations.length).toBeGreaterThan(40);
      const schemas = doc.components.schemas as Json;
      let requests = 0;
      const statuses = new Map<number, number>();
      const newIdentity = async (): Promise<Identity> => {
        serial += 1;
        const user = await signUp(h, `fuzz-${serial}`);
        return { userId: user.userId, token: user.token, botId: (await createBot(h, user.token)).id, conditionId: venue.sim.exchange.markets[0]!.conditionId };
      };
      const shared = await newIdentity();
      for (const operation of operations) {
        // Operations that can end a session or remove the bot (sign-out, password and TOTP changes,
        // deletes) get a user and bot of their own, so the others keep a live session to fuzz with.
        if (process.env.FUZZ_TRACE) console.log(`op ${operation.method} ${operation.path} destructive=${destructive(operation)}`);
        const identity = destructive(operation) ? await newIdentity() : shared;
        if (process.env.FUZZ_TRACE) console.log(`identity ready`);
        await fc.assert(
          fc.asyncProperty(generatorFor(operation, schemas, () => identity), async (g) => {
            const { url, init } = requestFor(operation, g, identity);
            if (process.env.FUZZ_TRACE) console.log(`${engine} ${operation.method} ${url.slice(0, 200)} ${g.auth} ${String(init.body ?? "").slice(0, 200)}`);
            const res = await h.request(url, init);
            requests += 1;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const text = await res.text();
            const what = `${operation.method} ${url.slice(0, 300)} auth=${g.auth} body=${String(init.body ?? '').slice(0, 300)}`;
            // A 5xx is a failure unless it is the operation's documented answer (/readyz's 503 "not ready").
            const documented = operation.op.responses?.[String(res.status)] !== undefined;
            const serverError = res.status >= 500 && !documented;
            expect({ what, status: res.status, serverError }).toEqual({ what, status: res.status, serverError: false });
            if (res.status >= 400 && !documented) {
              let code: unknown;
              try {
                code = (JSON.parse(text) as Json).error?.code;
              } catch {
                code = undefined;
              }
              expect({ what, status: res.status, code: typeof code, text: typeof code === 'string' ? '' : text.slice(0, 200) }).toEqual({ what, status: res.status, code: 'string', text: '' });
            }
          }),
          { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
        );
      }
      console.log(`fuzz on ${engine}: ${requests} requests over ${operations.length} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    }, 240_000);
  });
}
