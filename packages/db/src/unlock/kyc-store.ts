/** `@polymancer/unlock`'s `KycStore`: the applicant, its reviews (stale ones refused) and the webhook log. */
import type { KycStatus } from '@polymancer/core';
import type { KycRecord, KycStore } from '@polymancer/unlock';
import { and, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { kycVerifications, kycWebhookEvents, users } from '../schema/index.ts';

const recordColumns = {
  userId: kycVerifications.userId,
  provider: kycVerifications.provider,
  applicantId: kycVerifications.applicantId,
  status: users.kycStatus,
  country: kycVerifications.country,
  reason: kycVerifications.reason,
  lastEventAt: kycVerifications.lastEventAt,
};

export function createKycStore(db: Database): KycStore {
  const find = async (where: SQL): Promise<KycRecord | undefined> => {
    const [row] = await db.select(recordColumns).from(kycVerifications).innerJoin(users, eq(users.id, kycVerifications.userId)).where(where);
    return row === undefined ? undefined : { ...row, status: row.status as KycStatus };
  };
  return {
    findByUser: (userId) => find(eq(kycVerifications.userId, userId)),
    findByApplicant: (applicantId) => find(eq(kycVerifications.applicantId, applicantId)),

    async saveApplicant(userId, provider, applicantId, at) {
      await db.transaction(async (tx) => {
        const [existing] = await tx.select({ provider: kycVerifications.provider }).from(kycVerifications).where(eq(kycVerifications.userId, userId)).for('update');
        if (existing === undefined) {
          await tx.insert(kycVerifications).values({ userId, provider, applicantId, createdAt: at, updatedAt: at });
        } else if (existing.provider !== provider) {
          // Another provider's verification (say a sandbox demo) does not carry over: start afresh.
          await tx
            .update(kycVerifications)
            .set({ provider, applicantId, reviewAnswer: null, rejectType: null, rejectLabels: [], reason: null, country: null, lastEventAt: null, updatedAt: at })
            .where(eq(kycVerifications.userId, userId));
          await tx.update(users).set({ kycStatus: 'pending', kycVerifiedAt: null }).where(eq(users.id, userId));
        }
        await tx.update(users).set({ kycStatus: 'pending' }).where(and(eq(users.id, userId), eq(users.kycStatus, 'unverified')));
      });
      const saved = await find(eq(kycVerifications.userId, userId));
      if (saved === undefined) throw new Error('kyc applicant vanished after saving');
      return saved;
    },

    async webhookSeen(digest) {
      const [row] = await db.select({ d: kycWebhookEvents.digest }).from(kycWebhookEvents).where(eq(kycWebhookEvents.digest, digest));
      return row !== undefined;
    },

    async recordWebhook(event, at) {
      await db.insert(kycWebhookEvents).values({ ...event, receivedAt: at }).onConflictDoNothing();
    },

    async applyReview(userId, update, at) {
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select({ status: users.kycStatus, verifiedAt: users.kycVerifiedAt, lastEventAt: kycVerifications.lastEventAt })
          .from(users)
          .innerJoin(kycVerifications, eq(kycVerifications.userId, users.id))
          .where(eq(users.id, userId))
          .for('update');
        if (current === undefined) throw new Error(`no KYC verification for ${userId}`);
        if (current.lastEventAt !== null && update.eventAt.getTime() < current.lastEventAt.getTime()) return { outcome: 'stale' as const };
        const verified = update.status === 'verified';
        await tx
          .update(users)
          .set({ kycStatus: update.status, kycVerifiedAt: verified ? (current.status === 'verified' && current.verifiedAt !== null ? current.verifiedAt : at) : null })
          .where(eq(users.id, userId));
        const r = update.review;
        await tx
          .update(kycVerifications)
          .set({
            ...(r === null ? {} : { reviewAnswer: r.answer, rejectType: r.answer === 'RED' ? r.rejectType : null, rejectLabels: r.answer === 'RED' ? [...r.labels] : [] }),
            reason: update.reason,
            ...(update.country === null ? {} : { country: update.country }),
            lastEventAt: update.eventAt,
            updatedAt: at,
          })
          .where(eq(kycVerifications.userId, userId));
        return { outcome: 'applied' as const, from: current.status as KycStatus };
      });
    },
  };
}
