import { describe, expect } from 'bun:test';
import { test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { readSharedJson, sharedDataPath, testWithSharedData } from '../../../test/shared-data.ts';
import { type Market, parseGammaEvents, parseGammaMarket, parseGammaSearch, parseGammaTags } from '../src/index.ts';

const DIR = 'polymarket/markets';

function gamma(file: string): Market {
  const r = parseGammaMarket(readSharedJson(DIR.split('/')[0] as string, 'markets', file));
  if (!r.ok) throw r.error;
  return r.value;
}

describe('parseGammaMarket on real captures', () => {
  testWithSharedData('parses every captured Gamma market file', DIR, () => {
    const files = readdirSync(sharedDataPath('polymarket', 'markets')).filter((f) => f.includes('gamma_market'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const m = gamma(file);
      expect(m.conditionId).toMatch(/^0x[0-9a-f]{64}$/);
      expect(m.outcomes).toHaveLength(2);
      for (const o of m.outcomes) expect(o.tokenId).toMatch(/^\d{60,80}$/);
    }
  });

  testWithSharedData('reads a live neg-risk market with its fee schedule, tick and minimum size', DIR, () => {
    const m = gamma('nt-rs_gamma_market_live.json');
    expect(m.question).toBe('Will Gavin Newsom win the 2028 Democratic presidential nomination?');
    expect(m.protocol).toBe('v1');
    expect(m.negRisk).toBe(true);
    expect(m.tickSizeMicros).toBe(1_000);
    expect(m.minOrderSizeMicros).toBe(5_000_000);
    expect(m.feeSchedule).toEqual({ rateMicros: 40_000, exponent: 1, takerOnly: true });
    expect(m.feesEnabled).toBe(true);
    expect(m.endDateMs).toBe(Date.parse('2028-11-07T00:00:00Z'));
    expect(m.outcomes.map((o) => [o.outcome, o.priceMicros])).toEqual([
      ['Yes', 232_500],
      ['No', 767_500],
    ]);
    expect(m.outcomes[0]?.tokenId).toBe('54533043819946592547517511176940999955633860128497669742211153063842200957669');
    expect(m.active && !m.closed && m.acceptingOrders).toBe(true);
    expect(m.resolution).toEqual({ state: 'open' });
  });

  testWithSharedData('reads a crypto up/down market whose fees are enabled without a schedule', DIR, () => {
    const m = gamma('nt-rs_gamma_market.json');
    expect(m.outcomes.map((o) => o.outcome)).toEqual(['Up', 'Down']);
    expect(m.tickSizeMicros).toBe(10_000);
    expect(m.feeSchedule).toBeUndefined();
    expect(m.feesEnabled).toBe(true);
    expect(m.negRisk).toBe(false);
  });

  testWithSharedData('finds the winner of closed binary markets, whether or not they still accept orders', DIR, () => {
    const katana = gamma('nt-rs_gamma_market_closed_binary_accepting_false.json');
    expect(katana.resolution).toEqual({
      state: 'resolved',
      payouts: [
        { tokenId: '108872296183993054938831082799825620165440189659433018108548854929333464287226', outcome: 'Yes', payoutMicros: 0 },
        { tokenId: '89711174926330519158043401581181146613785179104141808554061413232025882707365', outcome: 'No', payoutMicros: 1_000_000 },
      ],
      winningOutcomeIndex: 1,
      winningOutcome: 'No',
      winningTokenId: '89711174926330519158043401581181146613785179104141808554061413232025882707365',
    });
    expect(katana.acceptingOrders).toBe(false);
    const ceasefire = gamma('nt-rs_gamma_market_closed_binary_accepting_true.json');
    expect(ceasefire.closed && ceasefire.acceptingOrders).toBe(true);
    expect(ceasefire.resolution.state === 'resolved' && ceasefire.resolution.winningOutcome).toBe('Yes');
  });

  testWithSharedData('reads resolved sports markets with their sports fee schedule', DIR, () => {
    for (const file of ['nt-rs_gamma_market_sports_market_map_handicap.json', 'nt-rs_gamma_market_sports_market_money_line.json']) {
      const m = gamma(file);
      expect(m.feeSchedule).toEqual({ rateMicros: 30_000, exponent: 1, takerOnly: true });
      expect(m.resolution.state === 'resolved' && m.resolution.winningOutcome).toBe('FaZe');
    }
  });

  testWithSharedData('settles a legacy scalar market at its split payouts, and keeps a 0/0 legacy market closed without payouts', DIR, () => {
    const scalar = gamma('nt-rs_gamma_market_closed_nonbinary_legacy.json');
    // Long/Short paid 0.5843…/0.4156… (34-digit prices rounded half-even to the micro; they sum to 1).
    expect(scalar.resolution.state === 'resolved' && scalar.resolution.payouts.map((p) => [p.outcome, p.payoutMicros])).toEqual([
      ['Long', 584_331],
      ['Short', 415_669],
    ]);
    expect(scalar.resolution.state === 'resolved' && scalar.resolution.winningTokenId).toBeUndefined();
    expect(scalar.tickSizeMicros).toBeUndefined();
    expect(scalar.minOrderSizeMicros).toBeUndefined();
    expect(scalar.outcomes.map((o) => o.priceMicros)).toEqual([584_331, 415_669]);
    const zero = gamma('nt-rs_gamma_market_closed_zero_zero_legacy.json');
    expect(zero.resolution).toEqual({ state: 'closed' });
    expect(zero.negRisk).toBe(false);
  });

  testWithSharedData('parses the captured events list, search response and tags', DIR, () => {
    const events = parseGammaEvents(readSharedJson('polymarket', 'markets', 'nt-rs_gamma_event.json'));
    expect(events.ok && events.value.map((e) => [e.title, e.negRisk, e.markets.length])).toEqual([['Democratic Presidential Nominee 2028', true, 2]]);
    const search = parseGammaSearch(readSharedJson('polymarket', 'markets', 'nt-rs_gamma_search_response.json'));
    expect(search.ok && search.value.hasMore).toBe(true);
    expect(search.ok && search.value.events[0]?.markets[0]?.outcomes[0]?.priceMicros).toBe(999_500);
    const tags = parseGammaTags(readSharedJson('polymarket', 'markets', 'nt-rs_gamma_tags.json'));
    expect(tags.ok && tags.value.map((t) => t.slug)).toContain('madrid-open');
  });
});

describe('parseGammaMarket on constructed payloads', () => {
  const base = {
    conditionId: '0x' + 'ab'.repeat(32),
    question: 'Q?',
    outcomes: '["Yes", "No"]',
    clobTokenIds: '["11", "22"]',
    active: true,
    closed: false,
  };

  test('uses positionIds for a version "v2" position market', () => {
    const r = parseGammaMarket({ ...base, version: 'v2', clobTokenIds: null, positionIds: ['333', '444'] });
    expect(r.ok && r.value.protocol).toBe('v2');
    expect(r.ok && r.value.outcomes.map((o) => o.tokenId)).toEqual(['333', '444']);
  });

  test('uses clobTokenIds for version "v1" and for payloads without a version', () => {
    const v1 = parseGammaMarket({ ...base, version: 'v1', positionIds: ['9', '9'] });
    expect(v1.ok && v1.value.outcomes.map((o) => o.tokenId)).toEqual(['11', '22']);
    const none = parseGammaMarket(base);
    expect(none.ok && none.value.protocol).toBe('v1');
  });

  test('reads a 50/50 resolution (how a market resolved "invalid" settles) as payouts of half a dollar each', () => {
    const r = parseGammaMarket({ ...base, closed: true, outcomePrices: '["0.5", "0.5"]' });
    expect(r.ok && r.value.resolution).toEqual({
      state: 'resolved',
      payouts: [
        { tokenId: '11', outcome: 'Yes', payoutMicros: 500_000 },
        { tokenId: '22', outcome: 'No', payoutMicros: 500_000 },
      ],
    });
    const unsettled = parseGammaMarket({ ...base, closed: true, outcomePrices: '["0.5", "0.4"]' });
    expect(unsettled.ok && unsettled.value.resolution).toEqual({ state: 'closed' });
  });

  test('refuses token ids that do not match the outcomes, naming the field', () => {
    const r = parseGammaMarket({ ...base, clobTokenIds: '["11"]' });
    expect(!r.ok && r.error.code).toBe('polymarket_parse_failed');
    expect(!r.ok && r.error.path).toBe('$.clobTokenIds');
  });

  test('refuses malformed JSON-in-string arrays and a missing condition id', () => {
    const bad = parseGammaMarket({ ...base, outcomes: '["Yes", ' });
    expect(!bad.ok && bad.error.path).toBe('$.outcomes');
    const noId = parseGammaMarket({ ...base, conditionId: undefined });
    expect(!noId.ok && noId.error.path).toBe('$.conditionId');
  });
});
