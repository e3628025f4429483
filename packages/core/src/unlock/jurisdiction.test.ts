import { describe, expect, test } from 'bun:test';
import { acknowledgmentMatches, ACKNOWLEDGMENT_TEXT } from './acknowledgment.ts';
import { countryStatus, defaultBlockedCountries, defaultCloseOnlyCountries, judgeJurisdiction, jurisdictionAllowsOrder, normaliseCountry } from './jurisdiction.ts';

const lists = { blocked: defaultBlockedCountries, closeOnly: defaultCloseOnlyCountries };

describe('acknowledgment', () => {
  test('only the exact sentence counts', () => {
    expect(acknowledgmentMatches('I understand I may lose real money')).toBe(true);
    for (const near of [
      'i understand i may lose real money',
      'I understand I may lose real money.',
      ' I understand I may lose real money',
      'I understand I may lose real money ',
      'I understand  I may lose real money',
      'I UNDERSTAND I MAY LOSE REAL MONEY',
      'I understand I might lose real money',
      '',
    ]) expect({ near, ok: acknowledgmentMatches(near) }).toEqual({ near, ok: false });
    expect(ACKNOWLEDGMENT_TEXT).toBe('I understand I may lose real money');
  });
});

describe('jurisdiction', () => {
  test("defaults follow Polymarket's published list", () => {
    for (const c of ['US', 'GB', 'FR', 'DE', 'IT', 'NL', 'BE', 'AU', 'RU', 'IR', 'KP', 'CU', 'SY']) expect(countryStatus(c, lists)).toBe('blocked');
    for (const c of ['PL', 'SG', 'TH', 'TW']) expect(countryStatus(c, lists)).toBe('close_only');
    for (const c of ['PT', 'ES', 'JP', 'BR']) expect(countryStatus(c, lists)).toBe('allowed');
  });

  test('country codes are normalised to upper-case alpha-2 or refused', () => {
    expect(normaliseCountry(' pt ')).toBe('PT');
    expect(normaliseCountry('PRT')).toBeNull();
    expect(normaliseCountry('')).toBeNull();
    expect(normaliseCountry(undefined)).toBeNull();
  });

  test('both countries must be allowed; the stricter one decides', () => {
    const ok = { country: 'PT', source: 'header' as const };
    expect(judgeJurisdiction({ kycCountry: 'PT', request: ok, localRequestsAllowed: false }, lists)).toEqual({ status: 'allowed' });
    expect(judgeJurisdiction({ kycCountry: 'US', request: ok, localRequestsAllowed: false }, lists)).toEqual({ status: 'blocked', which: 'kyc', country: 'US' });
    expect(judgeJurisdiction({ kycCountry: 'PT', request: { country: 'GB', source: 'geoip' }, localRequestsAllowed: false }, lists)).toEqual({ status: 'blocked', which: 'request', country: 'GB' });
    expect(judgeJurisdiction({ kycCountry: 'SG', request: { country: 'FR', source: 'header' }, localRequestsAllowed: false }, lists)).toMatchObject({ status: 'blocked', which: 'request' });
    expect(judgeJurisdiction({ kycCountry: 'PT', request: { country: 'PL', source: 'header' }, localRequestsAllowed: false }, lists)).toEqual({ status: 'close_only', which: 'request', country: 'PL' });
  });

  test('an unknown country is never allowed, except a local request where no real money is traded', () => {
    expect(judgeJurisdiction({ kycCountry: null, request: { country: 'PT', source: 'header' }, localRequestsAllowed: true }, lists)).toEqual({ status: 'unknown', which: 'kyc' });
    expect(judgeJurisdiction({ kycCountry: 'PT', request: null, localRequestsAllowed: true }, lists)).toEqual({ status: 'unknown', which: 'request' });
    expect(judgeJurisdiction({ kycCountry: 'PT', request: { country: null, source: 'unknown' }, localRequestsAllowed: true }, lists)).toEqual({ status: 'unknown', which: 'request' });
    expect(judgeJurisdiction({ kycCountry: 'PT', request: { country: null, source: 'local' }, localRequestsAllowed: true }, lists)).toEqual({ status: 'allowed' });
    expect(judgeJurisdiction({ kycCountry: 'PT', request: { country: null, source: 'local' }, localRequestsAllowed: false }, lists)).toEqual({ status: 'unknown', which: 'request' });
  });

  test('close-only allows only orders that reduce a position', () => {
    const held = 30_000_000;
    expect(jurisdictionAllowsOrder('close_only', { side: 'sell', sharesMicros: 10_000_000 }, held)).toEqual({ ok: true });
    expect(jurisdictionAllowsOrder('close_only', { side: 'sell', sharesMicros: held }, held)).toEqual({ ok: true });
    expect(jurisdictionAllowsOrder('close_only', { side: 'sell', sharesMicros: held + 1 }, held)).toMatchObject({ ok: false, code: 'jurisdiction_close_only' });
    expect(jurisdictionAllowsOrder('close_only', { side: 'buy', sharesMicros: 1_000_000 }, held)).toMatchObject({ ok: false, code: 'jurisdiction_close_only' });
    expect(jurisdictionAllowsOrder('close_only', { side: 'sell', sharesMicros: 1_000_000 }, 0)).toMatchObject({ ok: false, code: 'jurisdiction_close_only' });
  });

  test('blocked allows nothing, not even closing; allowed allows anything', () => {
    expect(jurisdictionAllowsOrder('blocked', { side: 'sell', sharesMicros: 1_000_000 }, 5_000_000)).toMatchObject({ ok: false, code: 'jurisdiction_blocked' });
    expect(jurisdictionAllowsOrder('allowed', { side: 'buy', sharesMicros: 1_000_000 }, 0)).toEqual({ ok: true });
  });
});
