/**
 * The migration that moves session tokens to digests: a session created before it (raw token in
 * the row) keeps working afterwards — its row holds SHA-256(token) — and rows already holding a
 * digest are left alone.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrateDatabase, migrationsFolder } from '@polymancer/db';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';

interface Journal {
  entries: { tag: string }[];
}

/** A copy of the migrations folder whose journal stops just before the digest migration. */
function foldersBeforeDigests(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pm-migrations-'));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  const at = journal.entries.findIndex((e) => e.tag.endsWith('_session_token_digests'));
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

for (const engine of testEngines()) {
  describe(`the session-token digest migration on ${engine}`, () => {
    let t: TestDatabase;
    let partial: string;
    beforeAll(async () => {
      t = await createTestDatabase(engine, { migrate: false });
      partial = foldersBeforeDigests();
    });
    afterAll(async () => {
      rmSync(partial, { recursive: true, force: true });
      await t.dispose();
    });

    test('replaces raw tokens by their digest and leaves digests alone', async () => {
      await migrateDatabase(t.handle, { migrationsFolder: partial });
      const raw = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
      const already = digest('another-token-already-digested');
      await t.handle.db.execute(sql`insert into users (id, name, email) values ('usr_mig1', 'M', 'mig@example.com')`);
      await t.handle.db.execute(sql`insert into sessions (id, expires_at, token, user_id) values ('ses_raw', now() + interval '1 day', ${raw}, 'usr_mig1')`);
      await t.handle.db.execute(sql`insert into sessions (id, expires_at, token, user_id) values ('ses_dig', now() + interval '1 day', ${already}, 'usr_mig1')`);
      await migrateDatabase(t.handle);
      const result = (await t.handle.db.execute(sql`select id, token from sessions order by id`)) as unknown;
      const rows = ((result as { rows?: unknown[] }).rows ?? result) as { id: string; token: string }[];
      expect(rows).toEqual([
        { id: 'ses_dig', token: already },
        { id: 'ses_raw', token: digest(raw) },
      ]);
    });
  });
}
