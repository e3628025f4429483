/**
 * The vault on a real database: sealed rows, ciphertexts moved between rows in SQL refused, master-key
 * rotation re-encrypting every row (old and new keys both decrypting meanwhile), and the signing
 * scope zeroing its buffers and aborting at its limit (manual timer, no sleeps).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { newId } from '@polymancer/core';
import { createCredentialStore, schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { testEngines, createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import {
  createKeyRing,
  createSigningScope,
  keyIdOf,
  ManualScopeTimer,
  reencryptCredentials,
  sealCredential,
  type CredentialStore,
  type KeyRing,
  type SigningMaterial,
  type StoredCredential,
} from '../src/index.ts';

const oldKey = { id: 'old', key: randomBytes(32) };
const newKey = { id: 'new', key: randomBytes(32) };

function secretsFor(n: number) {
  return { apiKey: `key-${n}-${randomBytes(8).toString('hex')}`, apiSecret: randomBytes(32).toString('base64url'), apiPassphrase: randomBytes(16).toString('hex'), privateKey: randomBytes(32) };
}

async function insertRow(store: CredentialStore, ring: KeyRing, userId: string, secrets: ReturnType<typeof secretsFor>, at = new Date()): Promise<StoredCredential> {
  const id = newId('credential');
  const row: StoredCredential = {
    id,
    userId,
    walletType: 0,
    signerAddress: '0x' + '11'.repeat(20),
    funderAddress: '0x' + '11'.repeat(20),
    lifecycle: 'active',
    validationStatus: 'valid',
    validationReason: null,
    keyId: ring.activeKeyId,
    createdAt: at,
    validatedAt: at,
    rotationRemindedAt: null,
    rotationPausedAt: null,
    deprecatedAt: null,
    overlapEndsAt: null,
    replacedBy: null,
    sealed: sealCredential(ring, userId, id, secrets),
  };
  await store.insertActive(row, at);
  return row;
}

for (const engine of testEngines()) {
  describe(`credential vault storage on ${engine}`, () => {
    let t: TestDatabase;
    let store: CredentialStore;
    const users = Array.from({ length: 5 }, (_, n) => `usr_vault${n}`);

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      for (const id of users) await t.handle.db.insert(schema.users).values({ id, name: id, email: `${id}@example.test` });
      store = createCredentialStore(t.handle.db);
    }, 60_000);
    afterAll(() => t.dispose(), 60_000);

    test('a second import deprecates the first in the same step: one active credential per user', async () => {
      const ring = createKeyRing([oldKey]);
      const first = await insertRow(store, ring, users[0]!, secretsFor(0));
      const second = await insertRow(store, ring, users[0]!, secretsFor(1));
      const listed = await store.list(users[0]!);
      expect(listed.map((r) => [r.id, r.lifecycle, r.replacedBy])).toEqual([
        [first.id, 'deprecated', second.id],
        [second.id, 'active', null],
      ]);
      expect((await store.active(users[0]!))?.id).toBe(second.id);
    });

    test('a ciphertext copied into another row or field in the database does not decrypt', async () => {
      const ring = createKeyRing([oldKey]);
      const timer = new ManualScopeTimer();
      const scope = createSigningScope({ store, keyRing: () => ring, timer });
      const a = await insertRow(store, ring, users[1]!, secretsFor(2));
      const b = await insertRow(store, ring, users[2]!, secretsFor(3));
      const c = schema.exchangeCredentials;
      // B's private key envelope copied onto A's row.
      await t.handle.db.update(c).set({ privateKeyEnc: b.sealed.privateKey }).where(eq(c.id, a.id));
      expect(await scope(a.id, async () => 'opened').catch((e) => e.code)).toBe('credential_undecryptable');
      // A's own secret envelope moved into its passphrase column.
      await t.handle.db.update(c).set({ privateKeyEnc: a.sealed.privateKey, apiPassphraseEnc: a.sealed.apiSecret }).where(eq(c.id, a.id));
      expect(await scope(a.id, async () => 'opened').catch((e) => e.code)).toBe('credential_undecryptable');
      await t.handle.db.update(c).set({ apiPassphraseEnc: a.sealed.apiPassphrase }).where(eq(c.id, a.id));
      expect(await scope(a.id, async () => 'opened')).toBe('opened');
    });

    test('master-key rotation re-encrypts every row; old and new keys both decrypt until it is done', async () => {
      const before = createKeyRing([oldKey]);
      const plain = new Map<string, ReturnType<typeof secretsFor>>();
      for (const [n, user] of users.slice(3).entries()) {
        const secrets = secretsFor(10 + n);
        const row = await insertRow(store, before, user, secrets);
        plain.set(row.id, secrets);
      }
      const both = createKeyRing([oldKey, newKey], 'new');
      const timer = new ManualScopeTimer();
      const scope = createSigningScope({ store, keyRing: () => both, timer });
      const readBack = async (id: string) => scope(id, async (m) => ({ apiKey: m.apiKey.toString('utf8'), privateKey: Buffer.from(m.privateKey) }));
      // Mid-migration: a row under the new key (imported now) and the rest under the old one both open.
      const fresh = await insertRow(store, both, users[4]!, secretsFor(20));
      expect(keyIdOf(fresh.sealed.apiKey)).toBe('new');
      for (const [id, secrets] of plain) expect((await readBack(id)).apiKey).toBe(secrets.apiKey);

      const outcome = await reencryptCredentials(store, both, 2);
      expect(outcome.resealed).toBeGreaterThanOrEqual(plain.size);
      expect(await store.notSealedUnder('new', 100)).toEqual([]);
      for (const [id, secrets] of plain) {
        const row = (await store.findById(id))!;
        expect(row.keyId).toBe('new');
        for (const envelope of Object.values(row.sealed)) expect(keyIdOf(envelope)).toBe('new');
        const opened = await readBack(id);
        expect(opened.apiKey).toBe(secrets.apiKey);
        expect(opened.privateKey.equals(secrets.privateKey)).toBe(true);
      }
      // The old key can be dropped once the job is done.
      const onlyNew = createKeyRing([newKey]);
      const scopeNew = createSigningScope({ store, keyRing: () => onlyNew, timer });
      for (const id of plain.keys()) expect(await scopeNew(id, async () => 'ok')).toBe('ok');
    });

    test('the signing scope zeroes its buffers when fn returns, throws, or the scope expires', async () => {
      const ring = createKeyRing([oldKey]);
      const timer = new ManualScopeTimer();
      const scope = createSigningScope({ store, keyRing: () => ring, timer, timeoutMs: 30_000 });
      const secrets = secretsFor(30);
      const row = await insertRow(store, ring, users[1]!, secrets);
      const zeroed = (m: SigningMaterial) => [m.privateKey, m.apiKey, m.apiSecret, m.apiPassphrase].every((b) => b.length > 0 && b.every((x) => x === 0));

      let kept: SigningMaterial | undefined;
      const result = await scope(row.id, async (m) => {
        kept = m;
        expect(m.privateKey.equals(secrets.privateKey)).toBe(true);
        expect(m.apiSecret.toString('utf8')).toBe(secrets.apiSecret);
        expect(zeroed(m)).toBe(false);
        return 'signed';
      });
      expect(result).toBe('signed');
      expect(zeroed(kept!)).toBe(true);
      expect(timer.pendingCount).toBe(0);

      const thrown = await scope(row.id, async (m) => {
        kept = m;
        throw new Error('signing failed');
      }).catch((e: Error) => e.message);
      expect(thrown).toBe('signing failed');
      expect(zeroed(kept!)).toBe(true);

      // A scope that hangs: at 30 s (manual timer) its signal aborts, its buffers are zero, and the call rejects.
      let aborted = false;
      let entered: () => void = () => {};
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const hanging = scope(row.id, (m) => {
        kept = m;
        m.signal.addEventListener('abort', () => (aborted = true));
        entered();
        return new Promise<string>(() => {});
      });
      await inside;
      timer.advance(29_999);
      expect(aborted).toBe(false);
      expect(zeroed(kept!)).toBe(false);
      timer.advance(1);
      expect(await hanging.catch((e) => e.code)).toBe('signing_scope_expired');
      expect(aborted).toBe(true);
      expect(zeroed(kept!)).toBe(true);
    });
  });
}
