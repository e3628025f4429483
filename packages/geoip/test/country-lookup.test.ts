import { describe, expect, test } from 'bun:test';
import { createCountryLookup, isLocalAddress } from '../src/index.ts';

describe('IP → country from the bundled database', () => {
  const lookup = createCountryLookup();

  test('knows well-known public addresses, IPv4 and IPv6', () => {
    expect(lookup.countryOf('8.8.8.8')).toBe('US');
    expect(lookup.countryOf('81.2.69.142')).toBe('GB');
    expect(lookup.countryOf('89.160.20.112')).toBe('SE');
    expect(lookup.countryOf('2001:4860:4860::8888')).toBe('US');
    expect(lookup.countryOf('::ffff:8.8.8.8')).toBe('US');
  });

  test('loopback, private addresses and garbage have no country', () => {
    for (const ip of ['127.0.0.1', '::1', '10.1.2.3', '192.168.0.10', '172.20.1.1', 'fd00::1', '::ffff:127.0.0.1', 'not-an-ip', '']) expect({ ip, country: lookup.countryOf(ip) }).toEqual({ ip, country: null });
  });

  test('local addresses are recognised as such', () => {
    for (const ip of ['127.0.0.1', '::1', '10.1.2.3', '192.168.0.10', '::ffff:192.168.1.1', 'fe80::1']) expect({ ip, local: isLocalAddress(ip) }).toEqual({ ip, local: true });
    for (const ip of ['8.8.8.8', '2001:4860:4860::8888', 'garbage']) expect({ ip, local: isLocalAddress(ip) }).toEqual({ ip, local: false });
  });
});
