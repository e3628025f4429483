/**
 * `@polymancer/credentials`' `CredentialStore` on Drizzle. Only sealed envelopes are stored; this
 * file never sees plaintext. One active credential per user (partial unique index); an import
 * deprecates the previous active row in the same transaction (the rotation swap).
 */
import type { CredentialRecord, CredentialStore, StoredCredential, WalletType } from '@polymancer/credentials';
import { and, asc, eq, lte, ne } from 'drizzle-orm';
import type { Database } from '../database.ts';
import { exchangeCredentials } from '../schema/index.ts';

type Row = typeof exchangeCredentials.$inferSelect;
const c = exchangeCredentials;

function recordFromRow(row: Row): CredentialRecord {
  return {
    id: row.id,
    userId: row.userId,
    walletType: row.walletType as WalletType,
    signerAddress: row.signerAddress,
    funderAddress: row.funderAddress,
    lifecycle: row.lifecycle as CredentialRecord['lifecycle'],
    validationStatus: row.validationStatus as CredentialRecord['validationStatus'],
    validationReason: row.validationReason,
    keyId: row.keyId,
    createdAt: row.createdAt,
    validatedAt: row.validatedAt,
    rotationRemindedAt: row.rotationRemindedAt,
    rotationPausedAt: row.rotationPausedAt,
    deprecatedAt: row.deprecatedAt,
    overlapEndsAt: row.overlapEndsAt,
    replacedBy: row.replacedBy,
  };
}

function storedFromRow(row: Row): StoredCredential {
  return {
    ...recordFromRow(row),
    sealed: { apiKey: row.apiKeyEnc, apiSecret: row.apiSecretEnc, apiPassphrase: row.apiPassphraseEnc, privateKey: row.privateKeyEnc },
  };
}

export function createCredentialStore(db: Database): CredentialStore {
  return {
    async insertActive(row, overlapEndsAt) {
      return db.transaction(async (tx) => {
        const [previous] = await tx
          .update(c)
          .set({ lifecycle: 'deprecated', deprecatedAt: row.createdAt, overlapEndsAt, replacedBy: row.id })
          .where(and(eq(c.userId, row.userId), eq(c.lifecycle, 'active')))
          .returning({ id: c.id });
        await tx.insert(c).values({
          id: row.id,
          userId: row.userId,
          walletType: row.walletType,
          signerAddress: row.signerAddress,
          funderAddress: row.funderAddress,
          lifecycle: 'active',
          validationStatus: row.validationStatus,
          validationReason: row.validationReason,
          keyId: row.keyId,
          apiKeyEnc: row.sealed.apiKey,
          apiSecretEnc: row.sealed.apiSecret,
          apiPassphraseEnc: row.sealed.apiPassphrase,
          privateKeyEnc: row.sealed.privateKey,
          createdAt: row.createdAt,
          validatedAt: row.validatedAt,
        });
        return { deprecated: previous?.id ?? null };
      });
    },
    async find(userId, id) {
      const [row] = await db.select().from(c).where(and(eq(c.id, id), eq(c.userId, userId)));
      return row === undefined ? undefined : storedFromRow(row);
    },
    async findById(id) {
      const [row] = await db.select().from(c).where(eq(c.id, id));
      return row === undefined ? undefined : storedFromRow(row);
    },
    async active(userId) {
      const [row] = await db.select().from(c).where(and(eq(c.userId, userId), eq(c.lifecycle, 'active')));
      return row === undefined ? undefined : storedFromRow(row);
    },
    async list(userId) {
      const rows = await db.select().from(c).where(eq(c.userId, userId)).orderBy(asc(c.createdAt), asc(c.id));
      return rows.map(recordFromRow);
    },
    async listActive() {
      const rows = await db.select().from(c).where(eq(c.lifecycle, 'active')).orderBy(asc(c.createdAt), asc(c.id));
      return rows.map(recordFromRow);
    },
    async remove(userId, id) {
      const gone = await db.delete(c).where(and(eq(c.id, id), eq(c.userId, userId))).returning({ id: c.id });
      return gone.length > 0;
    },
    async setValidation(id, status, reason, at) {
      await db
        .update(c)
        .set(status === 'valid' ? { validationStatus: status, validationReason: null, validatedAt: at } : { validationStatus: status, validationReason: reason })
        .where(eq(c.id, id));
    },
    async markRotationReminded(id, at) {
      const done = await db.update(c).set({ rotationRemindedAt: at }).where(and(eq(c.id, id), eq(c.lifecycle, 'active'))).returning({ id: c.id });
      return done.length > 0;
    },
    async markRotationPaused(id, at) {
      const done = await db.update(c).set({ rotationPausedAt: at }).where(and(eq(c.id, id), eq(c.lifecycle, 'active'))).returning({ id: c.id });
      return done.length > 0;
    },
    async overlapEnded(now) {
      const rows = await db.select().from(c).where(and(eq(c.lifecycle, 'deprecated'), lte(c.overlapEndsAt, now))).orderBy(asc(c.overlapEndsAt));
      return rows.map(storedFromRow);
    },
    async notSealedUnder(keyId, limit) {
      const rows = await db.select().from(c).where(ne(c.keyId, keyId)).orderBy(asc(c.id)).limit(limit);
      return rows.map(storedFromRow);
    },
    async reseal(id, fromKeyId, toKeyId, sealed) {
      const done = await db
        .update(c)
        .set({ keyId: toKeyId, apiKeyEnc: sealed.apiKey, apiSecretEnc: sealed.apiSecret, apiPassphraseEnc: sealed.apiPassphrase, privateKeyEnc: sealed.privateKey })
        .where(and(eq(c.id, id), eq(c.keyId, fromKeyId)))
        .returning({ id: c.id });
      return done.length > 0;
    },
  };
}
