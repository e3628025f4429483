/** `@polymancer/unlock`'s `StepsStore`: quiz attempts under a per-user lock, and the acknowledgment. */
import type { StepsStore } from '@polymancer/unlock';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { riskQuizAttempts, userUnlockSteps } from '../schema/index.ts';

export function createStepsStore(db: Database): StepsStore {
  return {
    async recordQuizAttempt(userId, decide) {
      return db.transaction(async (tx) => {
        const now = new Date();
        // The steps row is the per-user lock: create it if missing, then hold it to commit.
        await tx.insert(userUnlockSteps).values({ userId, updatedAt: now }).onConflictDoNothing();
        const [steps] = await tx.select({ passedAt: userUnlockSteps.quizPassedAt }).from(userUnlockSteps).where(eq(userUnlockSteps.userId, userId)).for('update');
        const failed = await tx
          .select({ at: riskQuizAttempts.createdAt })
          .from(riskQuizAttempts)
          .where(and(eq(riskQuizAttempts.userId, userId), eq(riskQuizAttempts.passed, false)))
          .orderBy(asc(riskQuizAttempts.createdAt));
        const { record, result } = decide({ failedAt: failed.map((f) => f.at), passedAt: steps?.passedAt ?? null });
        if (record !== null) {
          await tx.insert(riskQuizAttempts).values({ ...record, answers: { ...record.answers } });
          if (record.passed) {
            await tx
              .update(userUnlockSteps)
              .set({ quizPassedAt: sql`coalesce(${userUnlockSteps.quizPassedAt}, ${record.createdAt.toISOString()}::timestamptz)`, updatedAt: record.createdAt })
              .where(eq(userUnlockSteps.userId, userId));
          }
        }
        return result;
      });
    },

    async acknowledge(userId, text, at) {
      const [row] = await db
        .insert(userUnlockSteps)
        .values({ userId, acknowledgedAt: at, acknowledgmentText: text, updatedAt: at })
        .onConflictDoUpdate({
          target: userUnlockSteps.userId,
          set: {
            acknowledgedAt: sql`coalesce(${userUnlockSteps.acknowledgedAt}, excluded.acknowledged_at)`,
            acknowledgmentText: sql`coalesce(${userUnlockSteps.acknowledgmentText}, excluded.acknowledgment_text)`,
            updatedAt: at,
          },
        })
        .returning({ at: userUnlockSteps.acknowledgedAt });
      return row?.at ?? at;
    },
  };
}
