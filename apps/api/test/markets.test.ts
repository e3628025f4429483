/**
 * `GET /api/v1/markets` and `GET /api/v1/markets/{conditionId}` against a real venue: the local
 * exchange over HTTP, read by the production adapters through the cached directory.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { authorizationSuite, type AuthzFixture } from '../../../test/authz-harness.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, browserSession, json, signUp, type SignedIn } from './accounts-helpers.ts';
import { startTestVenue, type TestVenue } from './markets-helpers.ts';
import { MARKET_SEARCHES_PER_MINUTE } from '../src/routes/markets/index.ts';

type Json = Record<string, any>;

describe('markets API', () => {
  let venue: TestVenue;
  let h: ApiHarness;
  let a: SignedIn;
  let fixture: AuthzFixture;
  const get = async (path: string): Promise<{ status: number; body: Json }> => {
    const res = await h.request(path, bearer(a.token));
    return { status: res.status, body: (await res.json()) as Json };
  };
  beforeAll(async () => {
    venue = await startTestVenue();
    h = await createApiHarness('pglite', {}, { marketDirectory: venue.directory });
    a = await signUp(h, 'markets-a');
    const b = await signUp(h, 'markets-b');
    const leaving = await signUp(h, 'markets-gone');
    await h.request('/api/auth/sign-out', bearer(leaving.token, json({})));
    fixture = { request: (p, i) => h.request(p, i), owner: { userId: a.userId, token: a.token }, other: { userId: b.userId, token: b.token }, resourceId: a.userId, staleToken: leaving.token, browserSession };
  }, 60_000);
  afterAll(async () => {
    await h.dispose();
    await venue.stop();
  });

  test('lists the venue’s open markets with their outcomes and token ids, paged', async () => {
    const venueMarkets = venue.sim.exchange.markets.filter((m) => !m.closed);
    const first = await get('/api/v1/markets?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const m = first.body.items[0];
    const expected = venueMarkets[0]!;
    expect(m.conditionId).toBe(expected.conditionId);
    expect(m.question).toBe(expected.question);
    expect(m.outcomes.map((o: Json) => o.tokenId)).toEqual(expected.tokens.map((t) => t.tokenId));
    expect(m.outcomes.map((o: Json) => o.outcome)).toEqual(expected.tokens.map((t) => t.outcome));
    expect(m.tickSizeMicros).toBe(expected.tickSizeMicros);
    expect(first.body.nextOffset).toBe(2);
    const second = await get(`/api/v1/markets?limit=2&offset=${first.body.nextOffset}`);
    expect(second.body.items[0].conditionId).toBe(venueMarkets[2]!.conditionId);
    const all = await get('/api/v1/markets?limit=100');
    expect(all.body.items).toHaveLength(venueMarkets.length);
    expect(all.body.nextOffset).toBeNull();
  });

  test('search finds markets by a word of their question', async () => {
    const target = venue.sim.exchange.markets.find((m) => !m.closed)!;
    const word = target.question.split(/\s+/).find((w) => w.length > 4)!.replace(/[^A-Za-z0-9]/g, '');
    const found = await get(`/api/v1/markets?search=${encodeURIComponent(word.toUpperCase())}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((i: Json) => i.conditionId)).toContain(target.conditionId);
    for (const item of found.body.items) expect(`${item.question} ${item.slug}`.toLowerCase()).toContain(word.toLowerCase());
    expect((await get('/api/v1/markets?search=zzz-no-such-market-zzz')).body.items).toEqual([]);
  });

  test('one market in full: tick, minimum size, fee schedule and a summary of each outcome’s book', async () => {
    const target = venue.sim.exchange.markets.find((m) => !m.closed)!;
    const { status, body } = await get(`/api/v1/markets/${target.conditionId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ conditionId: target.conditionId, question: target.question, tickSizeMicros: target.tickSizeMicros, minOrderSizeMicros: target.minOrderSizeMicros, closed: false });
    expect(body.feeSchedule).toEqual({ rateMicros: expect.any(Number), exponent: expect.any(Number), takerOnly: expect.any(Boolean) });
    expect(body.outcomes).toHaveLength(target.tokens.length);
    for (const outcome of body.outcomes) {
      const book = outcome.book;
      expect(book.bestBidMicros).toBeGreaterThan(0);
      expect(book.bestAskMicros).toBeGreaterThan(book.bestBidMicros);
      expect(book.midpointMicros).toBe(Math.floor((book.bestBidMicros + book.bestAskMicros) / 2));
      expect(book.bidSharesMicros).toBeGreaterThan(0);
      expect(book.askSharesMicros).toBeGreaterThan(0);
    }
  });

  test('answers from its cache within the TTL and asks the venue again after it', async () => {
    const target = venue.sim.exchange.markets.find((m) => !m.closed)!;
    await get(`/api/v1/markets/${target.conditionId}`);
    const before = venue.gammaRequests();
    await Promise.all([get(`/api/v1/markets/${target.conditionId}`), get(`/api/v1/markets/${target.conditionId}`)]);
    expect(venue.gammaRequests()).toBe(before);
    venue.clock.advance(2_001);
    await get(`/api/v1/markets/${target.conditionId}`);
    expect(venue.gammaRequests()).toBe(before + 1);
  });

  test('an unknown condition id is 404; a malformed one or a bad page is 422', async () => {
    expect((await get(`/api/v1/markets/0x${'ab'.repeat(32)}`)).body.error.code).toBe('not_found');
    expect((await get('/api/v1/markets/not-a-condition')).status).toBe(422);
    expect((await get('/api/v1/markets?limit=0')).status).toBe(422);
    expect((await get('/api/v1/markets?limit=101')).status).toBe(422);
    expect((await get('/api/v1/markets?offset=-1')).status).toBe(422);
  });

  test('search with closed=true finds closed markets by their text, and only those', async () => {
    const election = venue.sim.exchange.markets.filter((m) => !m.closed && m.question.includes('simulated election'));
    const other = venue.sim.exchange.markets.find((m) => !m.closed && !m.question.includes('election'))!;
    const resolved = election[0]!;
    for (const m of [resolved, other]) venue.sim.exchange.resolveMarket(m, m.tokens[0]!.tokenId);
    const closed = await get('/api/v1/markets?search=ELECTION&closed=true');
    expect(closed.status).toBe(200);
    expect(closed.body.items.map((i: Json) => i.conditionId)).toEqual([resolved.conditionId]);
    expect(closed.body.items[0].closed).toBe(true);
    const open = await get('/api/v1/markets?search=election');
    expect(open.body.items.map((i: Json) => i.conditionId)).toEqual(election.slice(1).map((m) => m.conditionId));
    expect((await get('/api/v1/markets?search=zzz-no-such-market-zzz&closed=true')).body.items).toEqual([]);
  });

  test("search pages through the venue's search results: page after page, no market twice", async () => {
    const election = venue.sim.exchange.markets.filter((m) => !m.closed && m.question.includes('simulated election'));
    expect(election.length).toBeGreaterThan(1);
    const first = await get('/api/v1/markets?search=simulated%20election&limit=1');
    expect(first.body.items.map((i: Json) => i.conditionId)).toEqual([election[0]!.conditionId]);
    expect(first.body.nextOffset).toBe(1);
    const second = await get(`/api/v1/markets?search=simulated%20election&limit=1&offset=${first.body.nextOffset}`);
    expect(second.body.items.map((i: Json) => i.conditionId)).toEqual([election[1]!.conditionId]);
  });

  test('one user may send a bounded number of different searches a minute (429 with when to retry); repeats, paging and other users are not held back', async () => {
    const c = await signUp(h, 'markets-searcher');
    const d = await signUp(h, 'markets-other-searcher');
    const search = (token: string, text: string, extra = '') => h.request(`/api/v1/markets?search=${encodeURIComponent(text)}${extra}`, bearer(token));
    const requestsBefore = venue.gammaRequests();
    for (let i = 0; i < MARKET_SEARCHES_PER_MINUTE; i++) expect((await search(c.token, `unique search ${i}`)).status).toBe(200);
    const venueCalls = venue.gammaRequests() - requestsBefore;
    const refused = await search(c.token, 'one search too many');
    expect(refused.status).toBe(429);
    const error = (await refused.json()) as Json;
    expect(error.error.code).toBe('rate_limited');
    expect(error.error.details.retryAfterSecs).toBeGreaterThan(0);
    expect(error.error.details.retryAfterSecs).toBeLessThanOrEqual(60);
    // The refused search never reached the venue.
    expect(venue.gammaRequests() - requestsBefore).toBe(venueCalls);
    expect((await search(c.token, 'unique search 0')).status).toBe(200);
    expect((await search(c.token, 'unique search 0', '&offset=20')).status).toBe(200);
    expect((await search(d.token, 'one search too many')).status).toBe(200);
    expect((await h.request('/api/v1/markets?limit=1', bearer(c.token))).status).toBe(200);
    h.clock.advance(60_000);
    expect((await search(c.token, 'one search too many')).status).toBe(200);
  });

  authorizationSuite(() => fixture, [
    { name: 'GET /api/v1/markets', method: 'GET', path: () => '/api/v1/markets', crossUser: 'own' },
    { name: 'GET /api/v1/markets/:conditionId', method: 'GET', path: () => `/api/v1/markets/${venue.sim.exchange.markets[0]!.conditionId}`, crossUser: 'own' },
  ]);
});
