import { createRequestCountryResolver, type RequestCountryResolver } from '@polymancer/api';
import type { Config } from '@polymancer/config';
import { createCountryLookup, isLocalAddress } from '@polymancer/geoip';

/** The request country the API judges jurisdiction by: a trusted proxy header, else the bundled IP database. */
export function requestCountryFrom(config: Config): RequestCountryResolver {
  const lookup = createCountryLookup();
  return createRequestCountryResolver({ header: config.jurisdiction.requestCountryHeader, countryOf: (ip) => lookup.countryOf(ip), isLocal: isLocalAddress });
}
