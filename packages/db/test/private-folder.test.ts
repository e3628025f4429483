import { describe, expect, test } from 'bun:test';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '@polymancer/db';
import { looseModes } from '../../../test/file-modes.ts';

describe('the embedded database folder', () => {
  test('is private after opening, writing and closing: folders 0700, files 0600', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pm-modes-')), 'data');
    try {
      const handle = await openDatabase({ dataDir });
      expect(looseModes(dataDir)).toEqual([]);
      await migrateDatabase(handle);
      await handle.db.execute(sql`select count(*) from audit_events`);
      await handle.close();
      expect(looseModes(dataDir)).toEqual([]);
      const files = readdirSync(join(dataDir, 'pgdata'), { recursive: true });
      expect(files.length).toBeGreaterThan(100);
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  }, 60_000);
});
