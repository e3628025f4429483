/**
 * The redemption store on both engines: which (user, market) pairs a pass visits (live bots' open
 * positions, and unfinished redemptions whose holders are all credited), the single claim per
 * (user, wallet, market), and compare-and-set state changes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { RedemptionRecord } from '@polymancer/bots';
import { createRedemptionStore, schema } from '@polymancer/db';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';

const C1 = `0x${'c1'.repeat(32)}`;
const C2 = `0x${'c2'.repeat(32)}`;
const C3 = `0x${'c3'.repeat(32)}`;

for (const engine of testEngines()) {
  describe(`redemption store on ${engine}`, () => {
    let t: TestDatabase;
    const now = new Date(Date.UTC(2026, 11, 1, 12));
    const position = (botId: string, conditionId: string, tokenId: string, sharesMicros: number, settledAt: Date | null = null, at = now) => ({
      botId, conditionId, tokenId, outcome: 'Yes', sharesMicros, costBasisMicros: sharesMicros / 2, settledAt, updatedAt: at,
    });
    beforeAll(async () => {
      t = await createTestDatabase(engine);
      const db = t.handle.db;
      await db.insert(schema.users).values([{ id: 'usr_a', name: 'a', email: 'a@example.test' }, { id: 'usr_b', name: 'b', email: 'b@example.test' }]);
      await db.insert(schema.bots).values([
        { id: 'bot_live1', userId: 'usr_a', name: 'l1', type: 'live' },
        { id: 'bot_live2', userId: 'usr_a', name: 'l2', type: 'live' },
        { id: 'bot_paper', userId: 'usr_a', name: 'p', type: 'paper' },
        { id: 'bot_gone', userId: 'usr_b', name: 'g', type: 'live', deletedAt: now },
      ] as never);
      await db.insert(schema.botPositions).values([
        position('bot_live1', C1, '11', 5_000_000, null, new Date(now.getTime() - 60_000)),
        position('bot_live2', C1, '12', 3_000_000),
        position('bot_live2', C2, '21', 0), // closed
        position('bot_live1', C3, '31', 2_000_000, now), // already settled
        position('bot_paper', C2, '21', 9_000_000), // paper
        position('bot_gone', C2, '21', 9_000_000), // deleted bot
      ] as never);
    });
    afterAll(() => t.dispose());

    const row = (over: Partial<RedemptionRecord> = {}): RedemptionRecord => ({
      id: 'rdm_1', userId: 'usr_a', credentialId: 'crd_a', walletType: 0, walletAddress: '0xwallet', conditionId: C1, adapter: 'ctf', status: 'claimed',
      signedPayload: null, txHash: null, proceedsMicros: null, creditedMicros: null, attempts: 0, errorCode: null, errorMessage: null,
      createdAt: now, updatedAt: now, redeemedAt: null, ...over,
    });

    test('candidates: live, not deleted bots with open unsettled positions, one pair per user and market; holders name the bots', async () => {
      const store = createRedemptionStore(t.handle.db);
      expect(await store.candidates(10)).toEqual([{ userId: 'usr_a', conditionId: C1 }]);
      expect(await store.holders('usr_a', C1)).toEqual(['bot_live1', 'bot_live2']);
      expect(await store.holders('usr_a', C2)).toEqual([]);
    });

    test('one claim per (user, wallet, market); state moves only from the state it was read in; an unfinished one stays a candidate', async () => {
      const store = createRedemptionStore(t.handle.db);
      const first = await store.claim(row());
      const second = await store.claim(row({ id: 'rdm_2' }));
      expect(second.id).toBe(first.id);
      expect(await store.update('rdm_1', 'claimed', { status: 'signed', signedPayload: { kind: 'transaction', raw: '0x01' }, txHash: '0xabc', attempts: 1, updatedAt: now })).toBe(true);
      expect(await store.update('rdm_1', 'claimed', { status: 'failed', updatedAt: now })).toBe(false);
      expect(await store.find('usr_a', '0xwallet', C1)).toMatchObject({ status: 'signed', signedPayload: { kind: 'transaction', raw: '0x01' }, txHash: '0xabc', attempts: 1 });
      // A market whose holders were all credited while its redemption is unfinished is still visited.
      await store.claim(row({ id: 'rdm_3', conditionId: C3, status: 'submitted' }));
      expect(await store.candidates(10)).toEqual(expect.arrayContaining([{ userId: 'usr_a', conditionId: C1 }, { userId: 'usr_a', conditionId: C3 }]));
      expect(await store.update('rdm_3', 'submitted', { status: 'redeemed', redeemedAt: now, updatedAt: now })).toBe(true);
      expect(await store.candidates(10)).toEqual([{ userId: 'usr_a', conditionId: C1 }]);
    });
  });
}
