import { afterAll, beforeAll, expect, test } from 'bun:test';
import { ValidationError } from '@polymancer/core';
import { createBotStore } from '@polymancer/db';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { createBotService } from '../src/index.ts';
import { CONDITION_A, createHarness, type Harness } from './harness.ts';
import { loadElectionMarket, ScriptedMarketData } from './recorded-market.ts';

const describeWithData = describeIfSharedData('polymarket');

for (const engine of testEngines()) {
  describeWithData(`watched markets checked against the venue (${engine})`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(engine);
      await h.addUser('usr_m');
    });
    afterAll(() => h.testDb.dispose());

    test('refuses an unknown market and a token that is not one of its outcomes, per field', async () => {
      const venue = new ScriptedMarketData(loadElectionMarket());
      const bots = createBotService({ store: createBotStore(h.db), audit: h.audit, clock: h.clock, llmAvailable: false, markets: venue });
      const ok = await bots.create('usr_m', { name: 'ok', markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.noTokenId] }], strategy: { kind: 'momentum' } });
      expect(ok.markets[0]?.tokenIds).toEqual([venue.recorded.noTokenId]);
      let error: unknown;
      try {
        await bots.create('usr_m', {
          name: 'bad',
          markets: [
            { conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.yesTokenId, '123'] },
            { conditionId: CONDITION_A, tokenIds: ['1'] },
          ],
          strategy: { kind: 'momentum' },
        });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(((error as ValidationError).details?.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(['markets.0.tokenIds.1', 'markets.1.conditionId']);
    });
  });
}
