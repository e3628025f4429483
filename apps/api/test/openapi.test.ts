/**
 * The API document is a product: `/openapi/json` passes a real OpenAPI validator
 * (@apidevtools/swagger-parser), defines the security schemes it uses, declares who may call each
 * operation, describes each with an example, and takes JSON bodies only; `/openapi` serves the
 * interactive reference over it and `GET /` answers with links.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createApiHarness, type ApiHarness } from './api-harness.ts';

type Json = Record<string, any>;
const methods = ['get', 'put', 'post', 'delete', 'patch'];

function operations(doc: Json): Array<{ name: string; op: Json }> {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => methods.includes(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op: op as Json })),
  );
}

function hasExample(op: Json): boolean {
  const media = [op.requestBody?.content, ...Object.values((op.responses ?? {}) as Json).map((r: Json) => r.content)].flatMap((c) => Object.values((c ?? {}) as Json));
  return media.some((m: Json) => m.example !== undefined || m.examples !== undefined) || ((op.parameters ?? []) as Json[]).some((p) => p.example !== undefined);
}

describe('the OpenAPI document and reference', () => {
  let h: ApiHarness;
  let doc: Json;
  beforeAll(async () => {
    h = await createApiHarness('pglite');
    const res = await h.request('/openapi/json');
    expect(res.status).toBe(200);
    doc = (await res.json()) as Json;
  }, 60_000);
  afterAll(() => h.dispose());

  test('passes a real OpenAPI validator', async () => {
    await SwaggerParser.validate(structuredClone(doc) as never);
    expect(doc.openapi).toStartWith('3.1');
  });

  test('defines every security scheme an operation names, and every operation says who may call it', () => {
    const schemes = Object.keys(doc.components.securitySchemes ?? {});
    expect(schemes).toEqual(expect.arrayContaining(['bearer', 'cookie']));
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.cookie).toMatchObject({ type: 'apiKey', in: 'cookie' });
    const undeclared = operations(doc).filter(({ op }) => !Array.isArray(op.security)).map(({ name }) => name);
    expect(undeclared).toEqual([]);
    const unknown = operations(doc).flatMap(({ name, op }) => (op.security as Json[]).flatMap((req) => Object.keys(req).filter((s) => !schemes.includes(s)).map((s) => `${name}: ${s}`)));
    expect(unknown).toEqual([]);
    for (const { name, op } of operations(doc)) {
      if (name.includes('/api/v1/') && !name.includes('/webhooks/')) expect({ name, security: op.security }).toEqual({ name, security: expect.arrayContaining([{ bearer: [] }]) });
    }
  });

  test('describes every operation with a summary, a description and an example', () => {
    const missing = operations(doc)
      .filter(({ op }) => typeof op.summary !== 'string' || typeof op.description !== 'string' || op.description.length < 20 || !hasExample(op))
      .map(({ name }) => name);
    expect(missing).toEqual([]);
    expect(operations(doc).length).toBeGreaterThan(40);
  });

  test('declares no void body and takes JSON request bodies only', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"type":"void"');
    for (const { name, op } of operations(doc)) {
      if (op.requestBody !== undefined) expect({ name, types: Object.keys(op.requestBody.content) }).toEqual({ name, types: ['application/json'] });
    }
    expect(doc.paths['/api/v1/bots/{id}'].delete.responses['204'].content).toBeUndefined();
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message', 'requestId']);
  });

  test('/openapi serves the interactive reference over /openapi/json, with a policy that lets only its script run', async () => {
    const res = await h.request('/openapi');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual([expect.stringMatching(/^\/openapi\/swagger-ui-[0-9.]+\/swagger-ui-bundle\.js$/), '/openapi/reference.js']);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>/);
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/https?:/);
    expect(policy).toContain("connect-src 'self'");
    // The scripts and styles are the installed package's, served from here.
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
    for (const [path, type] of [[scripts[0]!, 'javascript'], [scripts[1]!, 'javascript'], [stylesheet!, 'css']] as const) {
      const asset = await h.request(path);
      expect({ path, status: asset.status, type: asset.headers.get('content-type')?.includes(type) }).toEqual({ path, status: 200, type: true });
    }
    expect((await (await h.request(scripts[0]!)).text()).length).toBeGreaterThan(100_000);
    expect(await (await h.request(scripts[1]!)).text()).toContain("url: '/openapi/json'");
  });

  test('GET / answers what this is, with links to the reference and the main resources', async () => {
    const res = await h.request('/');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.name).toBe('Polymancer API');
    expect(body.links).toMatchObject({ reference: '/openapi', openapi: '/openapi/json', health: '/healthz' });
    for (const link of Object.values(body.links as Record<string, string>)) {
      if (link.startsWith('/api/auth/')) continue;
      const linked = await h.request(link);
      expect({ link, notFound: linked.status === 404 }).toEqual({ link, notFound: false });
    }
  });
});
