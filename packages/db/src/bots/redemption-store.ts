/**
 * `@polymancer/bots`' `RedemptionStore` over `redemptions` and the live bots' positions. Every state
 * change is a compare-and-set on the row's status, so two workers (or a restarted one) never both act
 * on the same step; the (user, wallet, market) unique index makes the claim single.
 */
import type { RedemptionRecord, RedemptionStore } from '@polymancer/bots';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { botPositions, bots, redemptions } from '../schema/index.ts';

type RedemptionRow = typeof redemptions.$inferSelect;

const fromRow = (row: RedemptionRow): RedemptionRecord => row as unknown as RedemptionRecord;
const unfinished = ['claimed', 'signed', 'submitted'];

export function createRedemptionStore(db: Database): RedemptionStore {
  return {
    async candidates(limit) {
      // Open live positions by owner and market, and unfinished redemptions (whose holders may all be credited).
      const result = await db.execute(sql`
        select user_id, condition_id from (
          select ${bots.userId} as user_id, ${botPositions.conditionId} as condition_id, min(${botPositions.updatedAt}) as since
            from ${botPositions} join ${bots} on ${bots.id} = ${botPositions.botId}
           where ${bots.type} = 'live' and ${bots.deletedAt} is null and ${botPositions.sharesMicros} > 0 and ${botPositions.settledAt} is null
           group by 1, 2
          union all
          select ${redemptions.userId}, ${redemptions.conditionId}, ${redemptions.updatedAt}
            from ${redemptions} where ${inArray(redemptions.status, unfinished)}
        ) c
        group by user_id, condition_id
        order by min(since)
        limit ${limit}`);
      type Row = { user_id: string; condition_id: string };
      const list = ((result as unknown as { rows?: Row[] }).rows ?? (result as unknown as Row[])) as Row[];
      return list.map((r) => ({ userId: r.user_id, conditionId: r.condition_id }));
    },
    async holders(userId, conditionId) {
      const rows = await db
        .selectDistinct({ botId: botPositions.botId })
        .from(botPositions)
        .innerJoin(bots, eq(bots.id, botPositions.botId))
        .where(and(eq(bots.userId, userId), eq(bots.type, 'live'), isNull(bots.deletedAt), eq(botPositions.conditionId, conditionId), gt(botPositions.sharesMicros, 0), isNull(botPositions.settledAt)))
        .orderBy(asc(botPositions.botId));
      return rows.map((r) => r.botId);
    },
    async find(userId, walletAddress, conditionId) {
      const [row] = await db.select().from(redemptions).where(and(eq(redemptions.userId, userId), eq(redemptions.walletAddress, walletAddress), eq(redemptions.conditionId, conditionId)));
      return row === undefined ? undefined : fromRow(row);
    },
    async claim(row) {
      await db.insert(redemptions).values(row as unknown as typeof redemptions.$inferInsert).onConflictDoNothing();
      const [stored] = await db.select().from(redemptions).where(and(eq(redemptions.userId, row.userId), eq(redemptions.walletAddress, row.walletAddress), eq(redemptions.conditionId, row.conditionId)));
      if (stored === undefined) throw new Error('redemption claim vanished');
      return fromRow(stored);
    },
    async update(id, from, patch) {
      const updated = await db
        .update(redemptions)
        .set(patch as Partial<typeof redemptions.$inferInsert>)
        .where(and(eq(redemptions.id, id), eq(redemptions.status, from)))
        .returning({ id: redemptions.id });
      return updated.length > 0;
    },
  };
}
