/**
 * A local HTTP server that speaks SumSub's API as Polymancer uses it, for tests (SumSub itself is
 * outside this machine). It checks every request's app-token signature the way SumSub documents
 * it (written here independently of the adapter), keeps applicants, issues SDK tokens, serves
 * applicant data, and — like SumSub's sandbox `testCompleted` — concludes a review and delivers the
 * `applicantReviewed` webhook to the configured URL with a real `X-Payload-Digest`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '@polymancer/core';

export interface SumsubServerOptions {
  readonly appToken: string;
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly clock: Clock;
  /** Where webhooks go (set later with `setWebhookUrl` if the API is not up yet). */
  readonly webhookUrl?: string;
  /** Accepted clock skew of `X-App-Access-Ts`. */
  readonly toleranceSecs?: number;
}

interface Applicant {
  id: string;
  externalUserId: string;
  levelName: string;
  email?: string;
  /** ISO alpha-3, as SumSub reports it. */
  country: string | null;
  reviewStatus: string;
  reviewResult: Record<string, unknown> | null;
  createdAt: string;
}

export interface DeliveredWebhook {
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly status: number;
  readonly responseText: string;
}

const digestAlg = { HMAC_SHA1_HEX: 'sha1', HMAC_SHA256_HEX: 'sha256', HMAC_SHA512_HEX: 'sha512' } as const;

function sumsubTime(d: Date): string {
  // "2020-02-21 13:23:19.321", UTC — the form in SumSub's webhook samples.
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

export class SumsubServer {
  readonly applicants = new Map<string, Applicant>();
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  readonly delivered: DeliveredWebhook[] = [];
  private server: ReturnType<typeof Bun.serve> | undefined;
  private webhookUrl: string | undefined;

  constructor(private readonly options: SumsubServerOptions) {
    this.webhookUrl = options.webhookUrl;
  }

  get url(): string {
    if (this.server === undefined) throw new Error('not started');
    return `http://127.0.0.1:${this.server.port}`;
  }

  setWebhookUrl(url: string): void {
    this.webhookUrl = url;
  }

  start(): this {
    this.server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (req) => this.handle(req) });
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.stop(true);
  }

  /** Sets the country SumSub recognised on the applicant's document (alpha-3, e.g. `PRT`). */
  setCountry(applicantId: string, alpha3: string): void {
    const a = this.applicants.get(applicantId);
    if (a === undefined) throw new Error(`no applicant ${applicantId}`);
    a.country = alpha3;
  }

  applicantOf(externalUserId: string): Applicant | undefined {
    return [...this.applicants.values()].find((a) => a.externalUserId === externalUserId);
  }

  private error(status: number, description: string): Response {
    return Response.json({ description, code: status, correlationId: `req-${randomBytes(8).toString('hex')}` }, { status });
  }

  private authenticate(req: Request, pathWithQuery: string, body: Uint8Array): Response | null {
    const token = req.headers.get('x-app-token');
    const ts = req.headers.get('x-app-access-ts');
    const sig = req.headers.get('x-app-access-sig');
    if (token === null || ts === null || sig === null) return this.error(401, 'App token, timestamp and signature are required');
    if (token !== this.options.appToken) return this.error(401, 'Invalid app token');
    const nowSecs = Math.floor(this.options.clock.now().getTime() / 1000);
    if (!/^\d+$/.test(ts) || Math.abs(nowSecs - Number(ts)) > (this.options.toleranceSecs ?? 60)) return this.error(401, 'Request timestamp is out of range');
    const mac = createHmac('sha256', this.options.secretKey);
    mac.update(ts + req.method.toUpperCase() + pathWithQuery);
    mac.update(body);
    if (mac.digest('hex') !== sig) return this.error(401, 'Request signature mismatch');
    return null;
  }

  private async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    // The signature covers the path as sent, query included (Bun keeps `;` and percent-escapes as sent).
    const pathWithQuery = url.pathname + url.search;
    const body = new Uint8Array(await req.arrayBuffer());
    const refused = this.authenticate(req, pathWithQuery, body);
    const res = refused ?? (await this.route(req.method, url, body));
    this.requests.push({ method: req.method, path: pathWithQuery, status: res.status });
    return res;
  }

  private async route(method: string, url: URL, body: Uint8Array): Promise<Response> {
    const json = () => JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>;
    const p = url.pathname;
    if (method === 'POST' && p === '/resources/applicants') {
      const levelName = url.searchParams.get('levelName');
      if (levelName === null) return this.error(400, 'levelName is required');
      const b = json();
      const externalUserId = typeof b.externalUserId === 'string' ? b.externalUserId : '';
      if (externalUserId === '') return this.error(400, 'externalUserId is required');
      const existing = this.applicantOf(externalUserId);
      if (existing !== undefined) return this.error(409, `Applicant with external user id '${externalUserId}' already exists: ${existing.id}`);
      const applicant: Applicant = {
        id: randomBytes(12).toString('hex'),
        externalUserId,
        levelName,
        ...(typeof b.email === 'string' ? { email: b.email } : {}),
        country: null,
        reviewStatus: 'init',
        reviewResult: null,
        createdAt: sumsubTime(this.options.clock.now()),
      };
      this.applicants.set(applicant.id, applicant);
      return Response.json(this.view(applicant));
    }
    if (method === 'POST' && p === '/resources/accessTokens/sdk') {
      const b = json();
      if (typeof b.userId !== 'string' || typeof b.levelName !== 'string') return this.error(400, 'userId and levelName are required');
      return Response.json({ token: `_act-sbx-${randomBytes(16).toString('hex')}`, userId: b.userId });
    }
    const byExternal = /^\/resources\/applicants\/-;externalUserId=([^/]+)\/one$/.exec(p);
    if (method === 'GET' && byExternal !== null) {
      const a = this.applicantOf(decodeURIComponent(byExternal[1] ?? ''));
      return a === undefined ? this.error(404, 'Applicant not found') : Response.json(this.view(a));
    }
    const one = /^\/resources\/applicants\/([0-9a-f]{24})\/one$/.exec(p);
    if (method === 'GET' && one !== null) {
      const a = this.applicants.get(one[1] ?? '');
      return a === undefined ? this.error(404, 'Applicant not found') : Response.json(this.view(a));
    }
    const completed = /^\/resources\/applicants\/([0-9a-f]{24})\/status\/testCompleted$/.exec(p);
    if (method === 'POST' && completed !== null) {
      const a = this.applicants.get(completed[1] ?? '');
      if (a === undefined) return this.error(404, 'Applicant not found');
      const review = json();
      a.reviewStatus = 'completed';
      a.reviewResult = review;
      await this.deliver(this.reviewedPayload(a));
      return Response.json({ ok: 1 });
    }
    return this.error(404, `No route ${method} ${p}`);
  }

  private view(a: Applicant): Record<string, unknown> {
    return {
      id: a.id,
      createdAt: a.createdAt,
      externalUserId: a.externalUserId,
      ...(a.email === undefined ? {} : { email: a.email }),
      type: 'individual',
      info: a.country === null ? {} : { country: a.country, idDocs: [{ idDocType: 'PASSPORT', country: a.country }] },
      review: { reviewStatus: a.reviewStatus, levelName: a.levelName, ...(a.reviewResult === null ? {} : { reviewResult: a.reviewResult }) },
    };
  }

  /** The `applicantReviewed` payload SumSub sends for `a`'s current review. */
  reviewedPayload(a: Applicant, at: Date = this.options.clock.now()): Record<string, unknown> {
    return {
      applicantId: a.id,
      inspectionId: randomBytes(12).toString('hex'),
      correlationId: `req-${randomBytes(8).toString('hex')}`,
      externalUserId: a.externalUserId,
      levelName: a.levelName,
      type: 'applicantReviewed',
      reviewResult: a.reviewResult ?? {},
      reviewStatus: 'completed',
      createdAtMs: sumsubTime(at),
      sandboxMode: true,
      clientId: 'polymancerTest',
    };
  }

  /** Posts a webhook body as SumSub does: raw JSON, digest of exactly those bytes. `forge` signs with a wrong secret. */
  async deliver(payload: Record<string, unknown> | string, options: { readonly alg?: keyof typeof digestAlg; readonly forge?: boolean; readonly omitDigest?: boolean } = {}): Promise<DeliveredWebhook> {
    if (this.webhookUrl === undefined) throw new Error('no webhook URL');
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const alg = options.alg ?? 'HMAC_SHA256_HEX';
    const secret = options.forge === true ? `${this.options.webhookSecret}-but-not-quite` : this.options.webhookSecret;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-payload-digest-alg': alg };
    if (options.omitDigest !== true) headers['x-payload-digest'] = createHmac(digestAlg[alg], secret).update(body).digest('hex');
    const res = await fetch(this.webhookUrl, { method: 'POST', headers, body });
    const delivered = { body, headers, status: res.status, responseText: await res.text() };
    this.delivered.push(delivered);
    return delivered;
  }

  /** Sends again, byte for byte, a webhook delivered before (SumSub's retry, or an attacker's replay). */
  async replay(delivered: DeliveredWebhook): Promise<DeliveredWebhook> {
    if (this.webhookUrl === undefined) throw new Error('no webhook URL');
    const res = await fetch(this.webhookUrl, { method: 'POST', headers: delivered.headers, body: delivered.body });
    const again = { ...delivered, status: res.status, responseText: await res.text() };
    this.delivered.push(again);
    return again;
  }
}

/** What a test client signs with when it drives SumSub's sandbox endpoints itself (testCompleted). */
export async function signedPost(server: SumsubServer, options: SumsubServerOptions, path: string, json: unknown): Promise<Response> {
  const body = JSON.stringify(json);
  const ts = Math.floor(options.clock.now().getTime() / 1000);
  const sig = createHmac('sha256', options.secretKey).update(`${ts}POST${path}`).update(body).digest('hex');
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-app-token': options.appToken, 'x-app-access-ts': String(ts), 'x-app-access-sig': sig },
    body,
  });
}
