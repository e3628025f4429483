/**
 * Every route of the real app is in the authorization harness, or named here as public with the
 * reason. A route added without its security group fails this test, naming the route.
 *
 * The harness lists are read from the route tests' source (`name: 'METHOD /path'`, the convention
 * every `AuthzRoute` follows), so the lists stay beside the tests that exercise them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiHarness, type ApiHarness } from './api-harness.ts';

/** Routes that need no session, each with why; everything else must be in the harness. */
const publicRoutes: Readonly<Record<string, string>> = {
  'GET /': 'a page of links to the reference',
  'GET /healthz': 'liveness, for load balancers',
  'GET /readyz': 'readiness, for load balancers',
  'GET /metrics': 'operator token or a separate bind address (metrics.test.ts)',
  'GET /openapi': 'the API reference',
  'GET /openapi/json': 'the API document',
  'GET /openapi/reference.js': 'the API reference',
  'ALL /api/auth/*': "better-auth's mount; the routes it serves are listed one by one",
  'POST /api/auth/sign-in/email': 'signing in (rate-limited: auth-rate-limit.test.ts, sign-in-brute-force.test.ts)',
  'POST /api/auth/sign-up/email': 'creating an account',
  'POST /api/auth/sign-out': 'ends the caller’s own session; without one it does nothing',
  'GET /api/auth/get-session': 'answers null without a session; never another user’s',
  'POST /api/v1/webhooks/revenuecat': 'authenticated by the provider’s authorization header (unlock-webhooks.test.ts)',
  'POST /api/v1/webhooks/sumsub': 'authenticated by the provider’s signature (unlock-webhooks.test.ts)',
};
/** Static assets of the interactive reference, whatever their version. */
const publicAsset = /^GET \/openapi\/swagger-ui-[\d.]+\/[\w.-]+$/;

const testDir = new URL('.', import.meta.url).pathname;

function harnessRoutes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of readdirSync(testDir).filter((f) => f.endsWith('.test.ts'))) {
    const source = readFileSync(join(testDir, file), 'utf8');
    if (!source.includes('authz-harness.ts')) continue;
    for (const m of source.matchAll(/name: '((?:GET|POST|PUT|PATCH|DELETE) \/[^'?\s]*)/g)) found.set(m[1]!, file);
  }
  return found;
}

describe('authorization harness coverage', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness('pglite');
  }, 60_000);
  afterAll(() => h.dispose());

  test('every route of the app is in the authorization harness or named public with a reason', () => {
    const covered = harnessRoutes();
    const routes = [...new Set(h.app.routes.map((r) => `${r.method} ${r.path}`))];
    expect(routes.length).toBeGreaterThan(50);
    const missing = routes.filter((r) => !covered.has(r) && !(r in publicRoutes) && !publicAsset.test(r));
    expect(missing).toEqual([]);
  });

  test('the lists name no route the app does not have (a renamed route leaves no stale entry)', () => {
    const routes = new Set(h.app.routes.map((r) => `${r.method} ${r.path}`));
    expect([...harnessRoutes().keys()].filter((r) => !routes.has(r))).toEqual([]);
    expect(Object.keys(publicRoutes).filter((r) => !routes.has(r))).toEqual([]);
  });
});
