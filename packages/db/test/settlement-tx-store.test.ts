import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { createSettlementTxStore, schema } from '@polymancer/db';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';

const hashA = `0x${'a1'.repeat(32)}`;
const hashB = `0x${'B2'.repeat(32)}`;

for (const engine of testEngines()) {
  describe(`settlement transactions store on ${engine}`, () => {
    let t: TestDatabase;
    const now = new Date(Date.UTC(2026, 11, 1, 12));
    beforeAll(async () => {
      t = await createTestDatabase(engine);
      const db = t.handle.db;
      await db.insert(schema.users).values({ id: 'usr_1', name: 'u', email: 'u@example.test' });
      await db.insert(schema.bots).values({ id: 'bot_1', userId: 'usr_1', name: 'b' } as never);
      await db.insert(schema.tradeLogs).values({ id: 'trd_1', userId: 'usr_1', botId: 'bot_1', type: 'live', status: 'executed' } as never);
      const base = {
        userId: 'usr_1', botId: 'bot_1', tickKey: 'k', conditionId: '0xc', tokenId: '1', outcome: 'Yes', side: 'buy', orderType: 'FOK', walletType: 0,
        makerAddress: '0x1', signerAddress: '0x1', exchange: 'ctf_v2', salt: '1', signedOrder: {}, makerAmountMicros: 1, takerAmountMicros: 1,
        limitPriceMicros: 1, predictedSharesMicros: 1, predictedNotionalMicros: 1, predictedPriceMicros: 1, predictedFeeMicros: 0,
        predictedSlippageBps: 0, bestPriceMicros: 1, createdAt: now, updatedAt: now,
      };
      await db.insert(schema.liveOrders).values([
        { ...base, id: 'lo_1', orderHash: '0xh1', status: 'matched', transactionHashes: [hashA, hashB], tradeLogId: 'trd_1', answeredAt: now },
        { ...base, id: 'lo_2', orderHash: '0xh2', status: 'rejected', transactionHashes: null },
      ] as never);
    });
    afterAll(() => t.dispose());

    test('discovers each settlement hash of live orders once, lower-cased, submitted at the answer time', async () => {
      const store = createSettlementTxStore(t.handle.db);
      expect(await store.discoverFromLiveOrders(now)).toBe(2);
      expect(await store.discoverFromLiveOrders(now)).toBe(0);
      expect(await store.byHash(hashB)).toMatchObject({ txHash: hashB.toLowerCase(), userId: 'usr_1', botId: 'bot_1', kind: 'trade', status: 'submitted', submittedAt: now });
      expect((await store.listOpen(10)).map((tx) => tx.txHash).sort()).toEqual([hashA, hashB.toLowerCase()].sort());
    });

    test('a check stores the state and puts the confirmation count on the trade log', async () => {
      const store = createSettlementTxStore(t.handle.db);
      const tx = (await store.byHash(hashA))!;
      await store.save(tx.id, { ...tx, status: 'finalized', confirmations: 12, blockNumber: 7n, blockHash: `0x${'cc'.repeat(32)}` }, 'confirmed', now);
      expect(await store.byHash(hashA)).toMatchObject({ status: 'finalized', confirmations: 12, blockNumber: 7n });
      expect((await store.listOpen(10)).map((x) => x.txHash)).toEqual([hashB.toLowerCase()]);
      const [log] = await t.handle.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.id, 'trd_1'));
      expect(log?.confirmationBlocks).toBe(12);
    });
  });
}
