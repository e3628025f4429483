import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { InfrastructureError, ManualClock, NotFoundError } from '@polymancer/core';
import { type ClobSim, createClobSim } from '@polymancer/clob-sim';
import { readSharedJson, testWithSharedData } from '../../../test/shared-data.ts';
import { createMarketCatalogue, createPolymarketMarketData, parseGammaMarket, parseGammaMarkets, type PolymarketMarketData } from '../src/index.ts';

let sim: ClobSim;
let clock: ManualClock;
let data: PolymarketMarketData;

const gammaUrl = () => `${sim.url}/gamma`;

async function getJson(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sim.url}${path}`);
  return { status: res.status, body: await res.json() };
}

async function admin(path: string, body: unknown): Promise<any> {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return res.json();
}

beforeAll(async () => {
  clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
  sim = await createClobSim({ seed: 11, clock });
  data = createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: gammaUrl() });
});
afterAll(() => sim.stop());

describe('the local exchange answers Gamma', () => {
  test('lists every simulator market in the Gamma shape, and each parses with parseGammaMarket', async () => {
    const { status, body } = await getJson('/gamma/markets');
    expect(status).toBe(200);
    expect(body.length).toBe(sim.exchange.markets.length);
    const parsed = parseGammaMarkets(body);
    if (!parsed.ok) throw parsed.error;
    for (const [i, simMarket] of sim.exchange.markets.entries()) {
      const wire = body[i];
      const one = parseGammaMarket(wire);
      if (!one.ok) throw one.error;
      const market = one.value;
      expect(market.gammaId).toBe(String(i + 1));
      expect(market.conditionId).toBe(simMarket.conditionId);
      expect(market.question).toBe(simMarket.question);
      expect(market.outcomes.map((o) => [o.outcome, o.tokenId])).toEqual(simMarket.tokens.map((t) => [t.outcome, t.tokenId]));
      expect(market.tickSizeMicros).toBe(simMarket.tickSizeMicros);
      expect(market.minOrderSizeMicros).toBe(simMarket.minOrderSizeMicros);
      expect(market.negRisk).toBe(simMarket.negRisk);
      expect(market.endDateMs).toBe(Date.parse(simMarket.endDateIso));
      expect(market.resolution).toEqual({ state: 'open' });
      expect(typeof wire.outcomes).toBe('string');
      expect(typeof wire.outcomePrices).toBe('string');
      if (simMarket.kind === 'position') {
        expect(wire.version).toBe('v2');
        expect(market.protocol).toBe('v2');
        expect(wire.positionIds).toEqual(simMarket.tokens.map((t) => t.tokenId));
        expect(wire.clobTokenIds).toBeUndefined();
      } else {
        expect(wire.version).toBe('v1');
        expect(typeof wire.clobTokenIds).toBe('string');
        expect(JSON.parse(wire.clobTokenIds)).toEqual(simMarket.tokens.map((t) => t.tokenId));
      }
    }
    expect(sim.exchange.markets.some((m) => m.kind === 'position')).toBe(true);
  });

  test('filters by condition id, token id, Gamma id, slug and closed, and pages with limit and offset', async () => {
    const [first, second, third] = sim.exchange.markets;
    if (!first || !second || !third) throw new Error('seeded markets missing');
    const ids = (body: any[]) => body.map((m) => m.conditionId);
    expect(ids((await getJson(`/gamma/markets?condition_ids=${first.conditionId}&condition_ids=${third.conditionId}`)).body)).toEqual([first.conditionId, third.conditionId]);
    expect(ids((await getJson(`/gamma/markets?condition_ids=${first.conditionId},${second.conditionId.toUpperCase().replace('0X', '0x')}`)).body)).toEqual([first.conditionId, second.conditionId]);
    expect(ids((await getJson(`/gamma/markets?clob_token_ids=${second.tokens[1]?.tokenId}`)).body)).toEqual([second.conditionId]);
    expect(ids((await getJson('/gamma/markets?id=3')).body)).toEqual([third.conditionId]);
    expect(ids((await getJson(`/gamma/markets?slug=${first.slug}`)).body)).toEqual([first.conditionId]);
    expect(ids((await getJson('/gamma/markets?limit=2&offset=1')).body)).toEqual([second.conditionId, third.conditionId]);
    expect((await getJson('/gamma/markets?closed=true')).body).toEqual([]);
    expect((await getJson('/gamma/markets?active=false')).body).toEqual([]);
    expect((await getJson('/gamma/markets?limit=ten')).status).toBe(422);
    const one = await getJson('/gamma/markets/2');
    expect(one.status).toBe(200);
    expect(one.body.conditionId).toBe(second.conditionId);
    expect((await getJson('/gamma/markets/999')).status).toBe(404);
  });

  testWithSharedData('names its fields as real Gamma captures do', 'polymarket/markets', async () => {
    const real = readSharedJson<Record<string, unknown>>('polymarket', 'markets', 'nt-rs_gamma_market_live.json');
    const resolvedReal = readSharedJson<Record<string, unknown>>('polymarket', 'markets', 'nt-rs_gamma_market_closed_binary_accepting_false.json');
    const { body } = await getJson('/gamma/markets');
    // `version` and `positionIds` are documented for Protocol V2 but absent from the older captures.
    for (const market of body) {
      const extra = Object.keys(market).filter((k) => !(k in real) && !(k in resolvedReal) && k !== 'version' && k !== 'positionIds');
      expect(extra).toEqual([]);
    }
    for (const key of ['outcomes', 'outcomePrices', 'clobTokenIds']) expect(typeof body[0][key]).toBe(typeof real[key]);
    for (const key of ['orderPriceMinTickSize', 'orderMinSize', 'negRisk', 'active', 'closed', 'endDate']) expect(typeof body[0][key]).toBe(typeof real[key]);
  });
});

describe('market data over HTTP', () => {
  test('reads a market from Gamma with the fee schedule, tick and minimum size from /clob-markets', async () => {
    const binary = sim.exchange.markets.find((m) => m.kind === 'binary');
    if (!binary) throw new Error('no binary market');
    const info = await data.getMarket(binary.conditionId);
    expect(info).toEqual({
      conditionId: binary.conditionId,
      question: binary.question,
      outcomes: binary.tokens.map((t) => ({ tokenId: t.tokenId, outcome: t.outcome })),
      tickSizeMicros: binary.tickSizeMicros,
      minOrderSizeMicros: binary.minOrderSizeMicros,
      feeSchedule: { rateMicros: binary.fee.ratePpm, exponent: binary.fee.exponent, takerOnly: true },
      acceptingOrders: true,
      closed: false,
      winningTokenId: undefined,
      exchange: 'ctf_v2',
    });
    expect(binary.fee.ratePpm).toBeGreaterThan(0);
  });

  test('reads a position market by its position ids', async () => {
    const position = sim.exchange.markets.find((m) => m.kind === 'position');
    if (!position) throw new Error('no position market');
    const info = await data.getMarket(position.conditionId);
    expect(info.outcomes.map((o) => o.tokenId)).toEqual(position.tokens.map((t) => t.tokenId));
    expect(info.tickSizeMicros).toBe(1_000);
    // Position markets trade on ExchangeV3 (orders signed under domain version "3").
    expect(info.exchange).toBe('v3');
  });

  test('names the neg-risk exchange for a neg-risk market', async () => {
    const negRisk = sim.exchange.markets.find((m) => m.kind === 'neg-risk');
    if (!negRisk) throw new Error('no neg-risk market');
    expect((await data.getMarket(negRisk.conditionId)).exchange).toBe('neg_risk_v2');
  });

  test('reads books that match the exchange level by level, best first', async () => {
    for (const market of sim.exchange.markets) {
      for (const token of market.tokens) {
        const book = await data.getBook(token.tokenId);
        const live = sim.exchange.book(token.tokenId);
        if (!live) throw new Error('no live book');
        expect(book.tokenId).toBe(token.tokenId);
        expect(book.tickSizeMicros).toBe(market.tickSizeMicros);
        expect(book.bids.map((l) => [l.priceMicros, l.sizeMicros])).toEqual(live.levels('BUY').map((l) => [l.priceMicros, l.sizeMicros]));
        expect(book.asks.map((l) => [l.priceMicros, l.sizeMicros])).toEqual(live.levels('SELL').map((l) => [l.priceMicros, l.sizeMicros]));
        expect(book.bids.length).toBeGreaterThan(0);
        expect(book.bids[0]?.priceMicros).toBe(sim.exchange.bestPrice(token.tokenId, 'BUY') ?? -1);
        expect(book.asks[0]?.priceMicros).toBe(sim.exchange.bestPrice(token.tokenId, 'SELL') ?? -1);
      }
    }
  });

  test('a resolved market pays its winner: Gamma shows 1/0 prices and the market data names the winning token', async () => {
    const created = await admin('/_sim/markets', { question: 'Will the HTTP adapter resolve this?', kind: 'binary', feeRate: '0.03' });
    const [yes, no] = created.tokens as { token_id: string }[];
    if (!yes || !no) throw new Error('no tokens');
    const open = await data.getMarket(created.condition_id);
    expect(open.feeSchedule).toEqual({ rateMicros: 30_000, exponent: 1, takerOnly: true });
    await admin(`/_sim/markets/${created.condition_id}/resolve`, { winner: no.token_id });
    const { body } = await getJson(`/gamma/markets?condition_ids=${created.condition_id}`);
    expect(JSON.parse(body[0].outcomePrices)).toEqual(['0', '1']);
    expect(body[0].closed).toBe(true);
    expect(body[0].umaResolutionStatus).toBe('resolved');
    const resolved = await data.getMarket(created.condition_id);
    expect(resolved).toMatchObject({ closed: true, acceptingOrders: false, winningTokenId: no.token_id });
    expect((await getJson('/gamma/markets?closed=true')).body.map((m: any) => m.conditionId)).toEqual([created.condition_id]);

    // A Gamma that leaves closed markets out unless asked with closed=true still yields the winner.
    const asked: string[] = [];
    const openOnly = createPolymarketMarketData({
      clobUrl: sim.url,
      gammaUrl: gammaUrl(),
      fetch: async (input, init) => {
        const url = new URL(input);
        asked.push(url.search);
        const res = await fetch(input, init);
        if (url.searchParams.has('closed')) return res;
        const body = (await res.json()) as { closed: boolean }[];
        return new Response(JSON.stringify(body.filter((m) => !m.closed)), { status: 200 });
      },
    });
    expect(await openOnly.getMarket(created.condition_id)).toMatchObject({ closed: true, winningTokenId: no.token_id });
    expect(asked.length).toBe(2);
    expect(asked[1]).toContain('closed=true');
  });
});

describe('market data failures', () => {
  test('an unlisted condition id is NotFoundError; an unknown token is a non-retryable InfrastructureError', async () => {
    const missing = `0x${'0'.repeat(64)}`;
    expect(data.getMarket(missing)).rejects.toBeInstanceOf(NotFoundError);
    const error = await data.getBook('123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).retryable).toBe(false);
    expect((error as InfrastructureError).details).toMatchObject({ source: 'clob', status: 404 });
  });

  test('5xx answers are retryable InfrastructureErrors that name no URL', async () => {
    await admin('/_sim/faults', { errorRate: 1, errorStatus: 503 });
    try {
      const token = sim.exchange.markets[0]?.tokens[0]?.tokenId ?? '';
      for (const attempt of [() => data.getBook(token), () => data.getMarket(sim.exchange.markets[0]?.conditionId ?? '')]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InfrastructureError);
        expect((error as InfrastructureError).retryable).toBe(true);
        expect((error as InfrastructureError).message).not.toContain('127.0.0.1');
        expect((error as InfrastructureError).message).toContain('HTTP 503');
      }
    } finally {
      await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    }
  });

  test('an unreachable venue is a retryable InfrastructureError without the URL or its credentials', async () => {
    const dead = await createClobSim({ seed: 12, clock });
    const url = dead.url.replace('http://', 'http://user:s3cret@');
    await dead.stop();
    const offline = createPolymarketMarketData({ clobUrl: dead.url, gammaUrl: `${url}/gamma` });
    for (const attempt of [() => offline.getBook('1'), () => offline.getMarket(`0x${'1'.repeat(64)}`)]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InfrastructureError);
      expect((error as InfrastructureError).retryable).toBe(true);
      expect(JSON.stringify({ m: (error as Error).message, d: (error as InfrastructureError).details })).not.toMatch(/s3cret|127\.0\.0\.1/);
    }
  });

  test('a Gamma body of the wrong shape is refused with the path, and a hung Gamma times out', async () => {
    const malformed = createPolymarketMarketData({
      clobUrl: sim.url,
      gammaUrl: 'http://gamma.invalid',
      fetch: async () => new Response(JSON.stringify([{ conditionId: '0xabc', clobTokenIds: '["1"]', outcomes: '["Yes","No"]' }]), { status: 200 }),
    });
    const error = await malformed.getMarket('0xabc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).retryable).toBe(false);
    expect((error as InfrastructureError).details).toMatchObject({ source: 'gamma', path: '$[0].clobTokenIds' });

    const hung = createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: 'http://gamma.invalid', timeoutMs: 20, fetch: () => new Promise<Response>(() => {}) });
    const timedOut = await hung.getMarket('0xabc').catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(InfrastructureError);
    expect((timedOut as InfrastructureError).retryable).toBe(true);
    expect((timedOut as Error).message).toContain('timed out');
  });
});

describe('the market catalogue', () => {
  test('lists, searches and finds markets, and reads the fee schedule the CLOB charges', async () => {
    const catalogue = createMarketCatalogue({ clobUrl: sim.url, gammaUrl: gammaUrl() });
    const all = await catalogue.list();
    expect(all.map((m) => m.conditionId)).toEqual(sim.exchange.markets.map((m) => m.conditionId));
    expect((await catalogue.list({ limit: 2, offset: 1 })).length).toBe(2);
    const found = await catalogue.search('SIMULATED ELECTION');
    expect(found.map((m) => m.question)).toEqual(sim.exchange.markets.filter((m) => m.question.includes('simulated election')).map((m) => m.question));
    expect(found.length).toBe(3);
    // The venue's search, paged: one event a page reaches all three; two pages at most stop at two.
    expect((await catalogue.search('simulated election', { pageSize: 1 })).map((m) => m.conditionId)).toEqual(found.map((m) => m.conditionId));
    expect((await catalogue.search('simulated election', { pageSize: 1, maxPages: 2 })).length).toBe(2);
    expect((await catalogue.search('simulated election', { pageSize: 1, limit: 1 })).length).toBe(1);
    expect(await catalogue.search('simulated election', { closed: true })).toEqual([]);
    expect(await catalogue.search('   ')).toEqual([]);
    const binary = sim.exchange.markets[0];
    if (!binary) throw new Error('no market');
    expect((await catalogue.byConditionId(binary.conditionId))?.gammaId).toBe('1');
    expect((await catalogue.byGammaId('1'))?.conditionId).toBe(binary.conditionId);
    expect(await catalogue.byGammaId('999')).toBeUndefined();
    expect(await catalogue.byConditionId(`0x${'0'.repeat(64)}`)).toBeUndefined();
    expect(await catalogue.feeSchedule(binary.conditionId)).toEqual({ rateMicros: binary.fee.ratePpm, exponent: binary.fee.exponent, takerOnly: true });
  });
});
