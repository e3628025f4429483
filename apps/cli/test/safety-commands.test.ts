/**
 * The operator commands run as the real `polymancer` process against a database it opens itself
 * (a PGlite folder, and a Postgres database when TEST_DATABASE_URL is set): freeze / resume-trading,
 * emergency-stop, breakers, resume-breaker — each acts, is audited as the CLI operator, and names
 * what it did; bad input is a usage error (exit 2), an unknown id exit 1.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog } from '@polymancer/audit';
import { createBotService } from '@polymancer/bots';
import { ManualClock } from '@polymancer/core';
import { createAuditStore, createBotStore, createBreakerStore, type DatabaseHandle, migrateDatabase, openDatabase, schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testEngines } from '../../../test/databases.ts';

const repoRoot = new URL('../../..', import.meta.url).pathname;

for (const engine of testEngines()) {
  describe(`operator safety commands (${engine})`, () => {
    let env: Record<string, string>;
    let open: () => Promise<DatabaseHandle>;
    let dispose: () => Promise<void>;
    let userId: string;
    let botId: string;

    beforeAll(async () => {
      if (engine === 'pglite') {
        const dir = mkdtempSync(join(tmpdir(), 'pm-safety-cli-'));
        env = { POLYMANCER_DATA_DIR: dir };
        open = () => openDatabase({ dataDir: dir });
        dispose = async () => rmSync(dir, { recursive: true, force: true });
      } else {
        const t = await createTestDatabase('postgres', { migrate: false });
        await t.handle.close();
        env = { DATABASE_URL: t.url! };
        open = () => openDatabase({ databaseUrl: t.url });
        dispose = () => t.dispose().catch(() => {});
      }
      const db = await open();
      await migrateDatabase(db);
      const clock = new ManualClock(Date.UTC(2026, 5, 1));
      userId = 'usr_cli_target';
      await db.db.insert(schema.users).values({ id: userId, name: 'target', email: 'target@example.test' });
      const bots = createBotService({ store: createBotStore(db.db), audit: createAuditLog({ store: createAuditStore(db.db), clock }), clock, llmAvailable: false });
      const bot = await bots.create(userId, { name: 'cli', markets: [{ conditionId: `0x${'f1'.repeat(32)}`, tokenIds: ['1'] }], strategy: { kind: 'mean-reversion' } });
      botId = (await bots.resume(userId, bot.id)).id;
      // A breaker tripped earlier by the worker.
      await createBreakerStore(db.db).trip('exchange_errors', { reason: '30 of 40 exchange API calls failed within 10 minutes', details: { exchangeErrors: 30, exchangeCalls: 40 }, at: clock.now() });
      await db.close();
    }, 60_000);
    afterAll(() => dispose());

    function polymancer(...args: string[]) {
      const run = spawnSync(join(repoRoot, 'polymancer'), args, {
        cwd: repoRoot,
        env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', POLYMANCER_DATA_DIR: '', ...env },
        encoding: 'utf8',
      });
      return { code: run.status, out: `${run.stdout}${run.stderr}` };
    }

    async function read<T>(fn: (db: DatabaseHandle) => Promise<T>): Promise<T> {
      const db = await open();
      try {
        return await fn(db);
      } finally {
        await db.close();
      }
    }

    test('freeze and resume-trading set the flag, audited as the CLI operator; the user is notified', async () => {
      const frozen = polymancer('freeze', userId, '--reason', 'account review');
      expect(frozen).toEqual({ code: 0, out: `${userId}: trading frozen\n` });
      expect(polymancer('freeze', userId, '--reason=again').out).toBe(`${userId}: trading frozen (it already was)\n`);
      expect(polymancer('resume-trading', userId, '--reason', 'review done').code).toBe(0);
      const { user, audit, notes } = await read(async (db) => ({
        user: (await db.db.select().from(schema.users).where(eq(schema.users.id, userId)))[0],
        audit: await db.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.subjectId, userId)),
        notes: await db.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId)),
      }));
      expect(user?.tradingFrozen).toBe(false);
      expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
        ['user.trading.frozen', 'operator', null],
        ['user.trading.resumed', 'operator', null],
      ]);
      expect(audit[0]?.details).toMatchObject({ via: 'cli', reason: 'account review' });
      expect(notes.map((n) => n.kind).sort()).toEqual(['trading.frozen', 'trading.resumed']);
    });

    test('emergency-stop pauses and marks the bot with the reason', async () => {
      const r = polymancer('emergency-stop', botId, '--reason', 'runaway strategy');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`${botId}: emergency-stopped at `);
      const bot = await read(async (db) => (await db.db.select().from(schema.bots).where(eq(schema.bots.id, botId)))[0]);
      expect(bot).toMatchObject({ status: 'paused', emergencyStopped: true, emergencyStoppedReason: 'runaway strategy' });
    });

    test('breakers lists them (exit 3 while one is open); resume-breaker closes it, audited; a second resume exits 1', async () => {
      const listed = polymancer('breakers');
      expect(listed.code).toBe(3);
      expect(listed.out).toContain('exchange_errors: OPEN since 2026-06-01T00:00:00.000Z: 30 of 40 exchange API calls failed within 10 minutes');
      expect(listed.out).toContain('bot_failures: closed');
      expect(polymancer('resume-breaker', 'exchange_errors', '--reason', 'recovered').code).toBe(0);
      expect(polymancer('breakers').code).toBe(0);
      const again = polymancer('resume-breaker', 'exchange_errors');
      expect(again).toEqual({ code: 1, out: 'breaker_not_open: The exchange_errors circuit breaker is not open\n' });
      const audit = await read((db) => db.db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, 'circuit_breaker.resumed')));
      expect(audit).toHaveLength(1);
      expect(audit[0]?.details).toMatchObject({ via: 'cli', reason: 'recovered' });
    });

    test('usage errors exit 2 with the help; an unknown user exits 1', () => {
      const noReason = polymancer('freeze', userId);
      expect(noReason.code).toBe(2);
      expect(noReason.out).toContain('a --reason is required');
      expect(polymancer('resume-breaker', 'nonsense').code).toBe(2);
      expect(polymancer('freeze', 'usr_nobody', '--reason', 'x')).toEqual({ code: 1, out: 'not_found: User was not found\n' });
    });
  });
}
