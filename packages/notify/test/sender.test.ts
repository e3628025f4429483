/**
 * The sender against the real outbox (PGlite, and Postgres with TEST_DATABASE_URL) and a real SMTP
 * server on loopback, through the real nodemailer transport. Time is a manual clock; the sweep
 * (without a job queue) delivers in line, so each step of a retry schedule is explicit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { Writable } from 'node:stream';
import { ManualClock } from '@polymancer/core';
import { createNotificationStore, schema } from '@polymancer/db';
import { createLogTransport, createSmtpTransport } from '@polymancer/mail';
import { createLogger } from '@polymancer/observability';
import { createNotificationSender, createNotificationService, retryDelayMs, type NotificationStore } from '@polymancer/notify';
import { createTestDatabase, testEngines, type TestDatabase } from '../../../test/databases.ts';
import { smtpTestPassword, startSmtpServer, type LocalSmtpServer } from '../../../test/smtp-server.ts';

const userId = 'usr_notify_sender';
const email = 'trader@example.test';
const reminder = (n: number) => ({ credentialId: `crd_${n}`, ageDays: 90, pauseAt: '2026-05-01T00:00:00.000Z' });

for (const engine of testEngines()) {
  describe(`notification sender over SMTP (${engine})`, () => {
    let t: TestDatabase;
    let smtp: LocalSmtpServer;
    let store: NotificationStore;
    let clock: ManualClock;
    let transport: ReturnType<typeof createSmtpTransport>;

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await t.handle.db.insert(schema.users).values({ id: userId, name: 'Trader', email });
      smtp = await startSmtpServer();
      store = createNotificationStore(t.handle.db);
      transport = createSmtpTransport({ url: smtp.url, from: 'Polymancer <no-reply@polymancer.test>', connectionTimeoutMs: 2_000, greetingTimeoutMs: 2_000, socketTimeoutMs: 5_000 });
    });
    afterAll(async () => {
      transport.close();
      await smtp.stop();
      await t.dispose();
    });
    beforeEach(async () => {
      await t.handle.db.delete(schema.notifications);
      smtp.messages.length = 0;
      smtp.mode = 'accept';
      clock = new ManualClock(Date.UTC(2026, 2, 1, 12));
    });

    const make = () => ({
      service: createNotificationService({ store, clock, messageIdDomain: 'polymancer.test' }),
      sender: createNotificationSender({ store, transport, clock }),
    });

    test('emails a notification once, under its delivery Message-ID, and lists it in the app', async () => {
      const { service, sender } = make();
      const { id } = await service.notify(userId, 'credentials.rotation.reminder', reminder(1));
      expect(await sender.sweep()).toBe(1);
      const [mail] = await smtp.waitForMessages(1);
      const [delivery] = await store.deliveriesOf(id);
      expect(mail).toMatchObject({ to: [email], subject: 'Your API keys are 90 days old. Rotate for security.', messageId: delivery?.messageId, acknowledged: true });
      expect(mail?.text).toContain('Your API keys are 90 days old. Rotate for security.');
      expect(delivery).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      expect(delivery?.messageId).toMatch(/^<dlv_[0-9a-z]{20}@polymancer\.test>$/);
      expect(await sender.sweep()).toBe(0);
      const page = await service.list(userId);
      expect(page.items.map((n) => [n.id, n.title])).toEqual([[id, 'Your API keys are 90 days old. Rotate for security.']]);
      expect(page.unreadCount).toBe(1);
    });

    test('SMTP down for a while, then up: every notification is delivered exactly once', async () => {
      const { service, sender } = make();
      await smtp.down();
      const ids: string[] = [];
      for (let n = 0; n < 6; n += 1) ids.push((await service.notify(userId, 'credentials.rotation.reminder', reminder(n))).id);
      // Three failed rounds, each only once its backoff has passed (30 s, 60 s, 120 s).
      for (let round = 1; round <= 3; round += 1) {
        expect(await sender.sweep()).toBe(6);
        for (const id of ids) expect((await store.deliveriesOf(id))[0]).toMatchObject({ status: 'pending', attempts: round });
        const [failed] = await store.deliveriesOf(ids[0] ?? '');
        expect(failed?.lastError).toContain('ECONNREFUSED');
        expect(failed?.lastError).not.toContain(smtpTestPassword);
        clock.advance(retryDelayMs(round) - 1);
        expect(await sender.sweep()).toBe(0);
        clock.advance(1);
      }
      await smtp.up();
      expect(await sender.sweep()).toBe(6);
      const mails = await smtp.waitForMessages(6);
      clock.advance(24 * 60 * 60_000);
      expect(await sender.sweep()).toBe(0);
      const sent = await Promise.all(ids.map(async (id) => (await store.deliveriesOf(id))[0]));
      expect(sent.map((d) => d?.status)).toEqual(ids.map(() => 'sent'));
      expect(sent.map((d) => d?.attempts)).toEqual(ids.map(() => 4));
      expect(mails.map((m) => m.messageId).sort()).toEqual(sent.map((d) => d?.messageId ?? '').sort());
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(6);
    });

    test('a temporary refusal (451) is retried with backoff; a permanent one (550) is final', async () => {
      const { service, sender } = make();
      smtp.mode = 'tempfail';
      const { id } = await service.notify(userId, 'credentials.rotation.reminder', reminder(1));
      expect(await sender.deliver((await store.deliveriesOf(id))[0]?.id ?? '')).toMatchObject({ status: 'retrying', attempt: 1 });
      expect((await store.deliveriesOf(id))[0]).toMatchObject({ status: 'pending', lastError: expect.stringContaining('451') });
      expect(smtp.messages).toHaveLength(0);
      smtp.mode = 'accept';
      clock.advance(retryDelayMs(1));
      await sender.sweep();
      expect((await store.deliveriesOf(id))[0]).toMatchObject({ status: 'sent', attempts: 2 });

      smtp.mode = 'reject';
      const rejected = await service.notify(userId, 'credentials.rotation.reminder', reminder(2));
      await sender.sweep();
      const [row] = await store.deliveriesOf(rejected.id);
      expect(row).toMatchObject({ status: 'failed', attempts: 1 });
      expect(row?.lastError).toContain('550');
      expect(row?.lastError).not.toContain(email);
      clock.advance(24 * 60 * 60_000);
      expect(await sender.sweep()).toBe(0);
      expect(smtp.messages).toHaveLength(1);
    });

    test('a connection cut after the server took the message: sent again under the same Message-ID (the documented window)', async () => {
      const { service, sender } = make();
      smtp.mode = 'drop-after-data';
      const { id } = await service.notify(userId, 'credentials.export.cancelled', { requestId: 'exr_1' });
      await sender.sweep();
      const [first] = await smtp.waitForMessages(1);
      expect(first?.acknowledged).toBe(false);
      expect((await store.deliveriesOf(id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
      smtp.mode = 'accept';
      clock.advance(retryDelayMs(1));
      await sender.sweep();
      const both = await smtp.waitForMessages(2);
      // The receiving side sees two copies with ONE Message-ID, so it can drop the second.
      expect(both.map((m) => m.messageId)).toEqual([first?.messageId ?? '', first?.messageId ?? '']);
      expect((await store.deliveriesOf(id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    });

    test('a sender that died mid-attempt: its claim expires and the delivery goes out once', async () => {
      const { service, sender } = make();
      const { id } = await service.notify(userId, 'credentials.rotation.reminder', reminder(1));
      const [row] = await store.deliveriesOf(id);
      // The dead sender's claim: taken, never finished.
      expect(await store.claim(row?.id ?? '', clock.now(), new Date(clock.now().getTime() + 5 * 60_000))).toBeDefined();
      expect(await sender.sweep()).toBe(0);
      expect(await sender.deliver(row?.id ?? '')).toEqual({ status: 'not_due' });
      clock.advance(5 * 60_000);
      expect(await sender.sweep()).toBe(1);
      await smtp.waitForMessages(1);
      expect((await store.deliveriesOf(id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
      // The dead sender's attempt (1) can no longer change the row.
      expect(await store.finish(row?.id ?? '', 1, { status: 'pending', nextAttemptAt: clock.now(), error: 'late' })).toBe(false);
      expect((await store.deliveriesOf(id))[0]?.status).toBe('sent');
      expect(smtp.messages).toHaveLength(1);
    });

    test('with no SMTP configured, the message is written to the log and kept in the outbox as logged', async () => {
      const lines: string[] = [];
      const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
      const service = createNotificationService({ store, clock, messageIdDomain: 'polymancer.test' });
      const sender = createNotificationSender({ store, transport: createLogTransport(logger), clock });
      const { id } = await service.notify(userId, 'credentials.export.cancelled', { requestId: 'exr_2' });
      await sender.sweep();
      expect((await store.deliveriesOf(id))[0]).toMatchObject({ status: 'logged', attempts: 1 });
      const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.subject === 'Credential export cancelled');
      expect(logged).toMatchObject({ to: email, msg: expect.stringContaining('no SMTP_URL') });
      expect(smtp.messages).toHaveLength(0);
    });
  });
}
