import { describe, expect, test } from 'bun:test';
import { readSharedJson, testWithSharedData } from '../../../test/shared-data.ts';
import { type Market, parseClobMarket, parseClobMarketInfo, parseClobMarketsPage, parseGammaMarket } from '../src/index.ts';

const DIR = 'polymarket/markets';
const clob = (file: string): Market => {
  const r = parseClobMarket(readSharedJson('polymarket', 'markets', file));
  if (!r.ok) throw r.error;
  return r.value;
};

describe('parseClobMarket on real captures', () => {
  testWithSharedData('reads the 2024 election market: neg-risk, tick 0.001, minimum 5 shares, open', DIR, () => {
    const m = clob('nt-py_clob_market.json');
    expect(m.question).toBe('Will Donald Trump win the 2024 US Presidential Election?');
    expect(m.negRisk).toBe(true);
    expect(m.tickSizeMicros).toBe(1_000);
    expect(m.minOrderSizeMicros).toBe(5_000_000);
    expect(m.outcomes.map((o) => [o.outcome, o.priceMicros])).toEqual([
      ['Yes', 486_500],
      ['No', 513_500],
    ]);
    expect(m.resolution).toEqual({ state: 'open' });
    expect(m.endDateMs).toBe(Date.parse('2024-11-05T00:00:00Z'));
  });

  testWithSharedData('agrees with Gamma on the winners of the two closed binary markets', DIR, () => {
    for (const kind of ['accepting_false', 'accepting_true']) {
      const c = clob(`nt-rs_clob_market_closed_binary_${kind}.json`);
      const g = parseGammaMarket(readSharedJson('polymarket', 'markets', `nt-rs_gamma_market_closed_binary_${kind}.json`));
      expect(c.resolution.state).toBe('resolved');
      expect(g.ok && g.value.resolution).toEqual(c.resolution);
      expect(g.ok && g.value.conditionId).toBe(c.conditionId);
    }
  });

  testWithSharedData('parses the whole captured /markets page, including archived markets without tokens', DIR, () => {
    const r = parseClobMarketsPage(readSharedJson('polymarket', 'markets', 'nt-py_clob_markets_page.json'));
    if (!r.ok) throw r.error;
    expect(r.value.markets).toHaveLength(100);
    expect(r.value.nextCursor).toBe('MTAw');
    const tokenless = r.value.markets.filter((m) => m.outcomes.length === 0);
    expect(tokenless.length).toBeGreaterThanOrEqual(1);
    expect(tokenless.every((m) => m.archived)).toBe(true);
    const resolved = r.value.markets.filter((m) => m.resolution.state === 'resolved');
    expect(resolved).toHaveLength(24);
    for (const m of resolved) {
      if (m.resolution.state !== 'resolved') continue;
      expect(m.outcomes[m.resolution.winningOutcomeIndex ?? -1]?.tokenId).toBe(m.resolution.winningTokenId);
    }
    expect(r.value.markets.some((m) => m.minOrderSizeMicros === 14_960_000)).toBe(true);
  });
});

describe('parseClobMarketInfo (/clob-markets, shape from the client types; no real capture exists)', () => {
  const details = {
    c: '0x' + 'cd'.repeat(32),
    t: [
      { t: '111', o: 'Yes' },
      { t: '222', o: 'No' },
    ],
    mts: 0.01,
    nr: true,
    fd: { r: 0.03, e: 1, to: true },
    mbf: 1000,
    tbf: 1000,
    r: null,
    ao: true,
    mos: 5,
    sd: 0,
  };

  test('reads tokens, tick, neg-risk, fee details and minimum size', () => {
    const r = parseClobMarketInfo(details);
    if (!r.ok) throw r.error;
    expect(r.value.tokens).toEqual([
      { tokenId: '111', outcome: 'Yes' },
      { tokenId: '222', outcome: 'No' },
    ]);
    expect(r.value.tickSizeMicros).toBe(10_000);
    expect(r.value.negRisk).toBe(true);
    expect(r.value.feeSchedule).toEqual({ rateMicros: 30_000, exponent: 1, takerOnly: true });
    expect(r.value.takerBaseFeeBps).toBe(1000);
    expect(r.value.minOrderSizeMicros).toBe(5_000_000);
  });

  test('reads a market without fd as fee-free and without nr as not neg-risk, as the client does', () => {
    const { fd: _fd, nr: _nr, ...plain } = details;
    const r = parseClobMarketInfo(plain);
    expect(r.ok && r.value.feeSchedule).toEqual({ rateMicros: 0, exponent: 0, takerOnly: true });
    expect(r.ok && r.value.negRisk).toBe(false);
  });

  test('refuses a payload without tokens or with a tick that is not a Polymarket tick', () => {
    const { t: _t, ...noTokens } = details;
    const a = parseClobMarketInfo(noTokens);
    expect(!a.ok && a.error.path).toBe('$.t');
    const b = parseClobMarketInfo({ ...details, mts: 0.005 });
    expect(!b.ok && b.error.path).toBe('$.mts');
  });
});
