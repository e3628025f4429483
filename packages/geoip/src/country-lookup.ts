/**
 * IP address → country, in process, from a database shipped as an npm package: no network lookup
 * at request time. The default database is `@ip-location-db/geo-whois-asn-country-mmdb` (CC0,
 * built from the regional internet registries' WHOIS and ASN data; MaxMind DB format), read with
 * `mmdb-lib`. Upgrading the package refreshes the data. Loopback, private and unlisted addresses
 * answer null. The ~8 MB file is read once, on the first lookup.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BlockList, isIP } from 'node:net';
import { Reader, type Response } from 'mmdb-lib';

export interface CountryLookup {
  /** ISO 3166-1 alpha-2 country of `ip`, or null when the database has none (private, loopback, unknown). */
  countryOf(ip: string): string | null;
}

const require = createRequire(import.meta.url);

// Addresses that name no place: loopback, private networks, link-local, carrier-grade NAT, unique-local.
const local = new BlockList();
local.addSubnet('127.0.0.0', 8, 'ipv4');
local.addSubnet('10.0.0.0', 8, 'ipv4');
local.addSubnet('172.16.0.0', 12, 'ipv4');
local.addSubnet('192.168.0.0', 16, 'ipv4');
local.addSubnet('169.254.0.0', 16, 'ipv4');
local.addSubnet('100.64.0.0', 10, 'ipv4');
local.addSubnet('0.0.0.0', 8, 'ipv4');
local.addAddress('::1', 'ipv6');
local.addAddress('::', 'ipv6');
local.addSubnet('fc00::', 7, 'ipv6');
local.addSubnet('fe80::', 10, 'ipv6');

function unmapped(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

/** Loopback, private, link-local or unique-local: a request from here tells no country (a laptop, or a proxy that did not pass the client on). */
export function isLocalAddress(ip: string): boolean {
  const address = unmapped(ip.trim());
  const family = isIP(address);
  if (family === 0) return false;
  return local.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function defaultCountryDatabasePath(): string {
  return require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
}

export function createCountryLookup(options: { readonly databasePath?: string } = {}): CountryLookup {
  let reader: Reader<Response> | undefined;
  return {
    countryOf(ip) {
      const address = unmapped(ip.trim());
      if (isIP(address) === 0 || isLocalAddress(address)) return null;
      reader ??= new Reader<Response>(readFileSync(options.databasePath ?? defaultCountryDatabasePath()));
      // This database's records are `{ country_code }`, not MaxMind's `{ country: { iso_code } }`.
      const code = (reader.get(address) as { country_code?: unknown } | null)?.country_code;
      return typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : null;
    },
  };
}
