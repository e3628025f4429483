import type { BotService } from '@polymancer/bots';
import type { MarketCatalogue } from '@polymancer/polymarket';

/**
 * The demo's paper bots: built-in strategies on the local exchange's busiest synthetic markets,
 * tuned to trade within their first minute so a new user sees the whole loop at once.
 */
export async function createDemoBots(service: BotService, catalogue: MarketCatalogue, userId: string): Promise<string[]> {
  const markets = (await catalogue.list({ active: true, closed: false, limit: 20 })).filter((m) => m.outcomes.length >= 2);
  const [first, second] = markets;
  if (first === undefined) return [];
  const watch = (m: typeof first) => [{ conditionId: m.conditionId, tokenIds: m.outcomes.map((o) => o.tokenId) }];
  const specs = [
    {
      name: 'Demo mean reversion',
      markets: watch(first),
      strategy: { kind: 'mean-reversion', params: { windowSize: 2, bandMicros: 5_000, orderAmountMicros: 20_000_000 } },
    },
    {
      name: 'Demo momentum',
      markets: watch(second ?? first),
      strategy: { kind: 'momentum', params: { source: 'midpoints', lookbackMoves: 1, thresholdMicros: 5_000, orderAmountMicros: 15_000_000 } },
    },
  ];
  const ids: string[] = [];
  for (const spec of specs) {
    const bot = await service.create(userId, { ...spec, intervalSecs: 5, startingBalanceMicros: 1_000_000_000 });
    await service.resume(userId, bot.id);
    ids.push(bot.id);
  }
  return ids;
}
