/**
 * A real venue for the markets routes: the local exchange (clob-sim) on a free port, read over HTTP
 * by the production adapters (Gamma catalogue + the official CLOB client) through the cached market
 * directory, on a manual clock; Gamma requests are counted so tests can see the cache work.
 */
import { createClobSim, type ClobSim } from '@polymancer/clob-sim';
import { ManualClock } from '@polymancer/core';
import { createMarketCatalogue, createMarketDirectory, createPolymarketMarketData, type MarketDirectory } from '@polymancer/polymarket';

export interface TestVenue {
  readonly sim: ClobSim;
  readonly directory: MarketDirectory;
  readonly clock: ManualClock;
  /** Gamma requests made so far. */
  gammaRequests(): number;
  stop(): Promise<void>;
}

export async function startTestVenue(): Promise<TestVenue> {
  const sim = await createClobSim({ port: 0, seed: 1, marketMakers: false });
  const clock = new ManualClock(new Date());
  let requests = 0;
  const counting: typeof fetch = Object.assign((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    requests += 1;
    return fetch(input, init);
  }, fetch);
  const urls = { clobUrl: sim.url, gammaUrl: `${sim.url}/gamma` };
  const directory = createMarketDirectory({
    catalogue: createMarketCatalogue({ ...urls, fetch: counting }),
    books: createPolymarketMarketData(urls),
    clock,
  });
  return { sim, directory, clock, gammaRequests: () => requests, stop: () => sim.stop() };
}
