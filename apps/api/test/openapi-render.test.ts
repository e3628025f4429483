/**
 * `/openapi` as a person sees it: the real API on a loopback port, the page loaded in headless
 * Chromium (Debian's `/usr/bin/chromium`, driven by playwright-core; no browser is ever downloaded).
 * Swagger UI must render every operation of `/openapi/json`, with no console error, no page error,
 * no Content-Security-Policy violation, and no request leaving this machine.
 *
 * Without Chromium the test is skipped on a developer machine (`apt-get install -y chromium`), but
 * fails under CI (`CI=true`), whose `.ci/run` installs it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { listen } from './unlock-helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const hasChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';

type Json = Record<string, any>;
const methods = ['get', 'put', 'post', 'delete', 'patch'];

/** Loopback only: what the page may reach. */
function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

describe('/openapi in headless Chromium', () => {
  test.if(inCi && !hasChromium)(`CI has Chromium at ${CHROMIUM} (.ci/run installs it)`, () => {
    expect({ chromium: CHROMIUM, installed: hasChromium }).toEqual({ chromium: CHROMIUM, installed: true });
  });

  describe.if(hasChromium)('rendered', () => {
    let h: ApiHarness;
    let api: { readonly url: string; stop(): Promise<void> };
    let profile: string;
    let context: BrowserContext;
    beforeAll(async () => {
      h = await createApiHarness('pglite');
      api = listen(h);
      profile = mkdtempSync(join(tmpdir(), 'polymancer-chromium-'));
      context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
    }, 120_000);
    afterAll(async () => {
      await context?.close();
      if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
      await api?.stop();
      await h?.dispose();
    });

    test('renders every operation of the document, with no console error, no CSP violation, and nothing fetched off this machine', async () => {
      const requests: string[] = [];
      const offMachine: string[] = [];
      // Every request of the page is seen here; one for another host is recorded and refused, never sent.
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        requests.push(url);
        if (isLocal(url)) await route.continue();
        else {
          offMachine.push(url);
          await route.abort('blockedbyclient');
        }
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(`${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
      const failed: string[] = [];
      page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`));
      // Evaluated by the browser outside the page's policy (as an extension would be), before any page script.
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective}: ${event.blockedURI}`));
      });

      const response = await page.goto(`${api.url}/openapi`, { waitUntil: 'load', timeout: 60_000 });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.waitForSelector('.opblock-summary-path[data-path="/api/v1/bots"]', { timeout: 60_000 });

      const rendered = await page.$$eval('.opblock', (blocks) =>
        blocks.map((block) => {
          const method = block.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '';
          const path = block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
          return `${method.toUpperCase()} ${path}`;
        }),
      );
      expect(rendered).toContain('GET /api/v1/bots');
      expect(rendered).toContain('POST /api/v1/bots');
      // Every documented operation is on the page (the document is the one the page fetched).
      const doc = (await (await fetch(`${api.url}/openapi/json`)).json()) as Json;
      const documented = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
        Object.keys(item as Json)
          .filter((method) => methods.includes(method))
          .map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(documented.length).toBeGreaterThan(40);
      expect([...rendered].sort()).toEqual([...documented].sort());
      // The title Swagger UI shows is the document's.
      expect(await page.textContent('.information-container .title')).toContain(doc.info.title as string);

      const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
      expect({ consoleErrors, violations, failed }).toEqual({ consoleErrors: [], violations: [], failed: [] });
      expect(offMachine).toEqual([]);
      expect(requests.some((url) => url.endsWith('/openapi/json'))).toBe(true);
      expect(requests.every(isLocal)).toBe(true);
    }, 120_000);
  });
});
